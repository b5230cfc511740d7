<?php
class Node { public $other; public $name; function __construct($n) { $this->name = $n; } }
$a = new Node('a'); $b = new Node('b');
$a->other = $b; $b->other = $a;
unset($a, $b);
gc_collect_cycles();
$c = new stdClass; $d = new stdClass;
echo spl_object_id($c), spl_object_id($d), "\n";
