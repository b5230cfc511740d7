<?php
class Node { public $other; public $name; function __construct($n) { $this->name = $n; } }
$keep = new Node('keep');
$a = new Node('a'); $b = new Node('b');
$a->other = $b; $b->other = $a;
$keep->other = $a;
unset($a, $b);
echo gc_collect_cycles(), "\n";
$keep->other = null;
echo gc_collect_cycles(), "\n";
