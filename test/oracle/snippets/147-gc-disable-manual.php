<?php
class Node { public $other; public $name; function __construct($n) { $this->name = $n; } }
gc_disable();
var_dump(gc_enabled());
$a = new Node('a'); $a->other = $a;
unset($a);
echo gc_collect_cycles(), "\n";
gc_enable();
var_dump(gc_enabled());
