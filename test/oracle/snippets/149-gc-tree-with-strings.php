<?php
class T { public $name; public $children = []; public $parent; }
function build($d, $p) { $t = new T; $t->name = str_repeat('n', 3) . $d; $t->parent = $p; if ($d < 2) { $t->children[] = build($d + 1, $t); $t->children[] = build($d + 1, $t); } return $t; }
$root = build(0, null);
unset($root);
echo gc_collect_cycles(), "\n";
