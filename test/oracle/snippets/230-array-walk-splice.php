<?php
$a = [1, 2, 3];
array_walk($a, function (&$v, $k, $p) { $v = $v * 10 + $p; }, 5);
print_r($a);
$s = ['x' => str_repeat('a', 2), 'y' => 'b'];
array_walk($s, function ($v, $k) { echo "$k=$v\n"; });
$b = [1, 2, 3, 4, 5];
$removed = array_splice($b, 1, 2, ['a', 'b', 'c']);
print_r($b); print_r($removed);
$c = ['k' => 1, 'l' => 2, 3];
array_splice($c, 1);
print_r($c);
$d = [1, 2, 3];
array_splice($d, -1, 0, 'z');
print_r($d);
debug_zval_dump($b);
