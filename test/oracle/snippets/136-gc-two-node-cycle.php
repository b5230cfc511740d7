<?php
class Node { public $other; public $name; function __construct($n) { $this->name = $n; } }
$a = new Node('a'); $b = new Node('b');
$a->other = $b; $b->other = $a;
unset($a, $b);
var_dump(gc_collect_cycles());
print_r(gc_status());
