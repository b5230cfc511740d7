<?php
class P { public $id = 1; public $child; function __construct() { $this->child = new stdClass; } function __clone() { $this->child = clone $this->child; $this->id++; } }
$a = new P; $b = clone $a;
var_dump($a->child === $b->child, $b->id);
