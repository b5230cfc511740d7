<?php
class Node { static $count = 0; function __construct() { self::$count++; } function __destruct() { self::$count--; } }
$a = new Node; $b = new Node;
echo Node::$count, "\n";
unset($a);
echo Node::$count, "\n";
