<?php
$map = new WeakMap;
$a = new stdClass; $a->n = 'a';
$b = new stdClass; $b->n = 'b';
$map[$a] = 1; $map[$b] = 2;
foreach ($map as $k => $v) { echo $k->n, '=', $v, "\n"; }
var_dump(isset($map[$a]));
unset($map[$a]);
echo count($map), "\n";
