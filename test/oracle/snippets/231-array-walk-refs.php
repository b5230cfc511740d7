<?php
$a = [str_repeat('a', 2), 'b'];
array_walk($a, function ($v, $k) { debug_zval_dump($v); });
debug_zval_dump($a);
array_walk($a, function (&$v, $k) { $v = $v . $k; });
debug_zval_dump($a);
$b = $a;
$b[0] = 'changed';
echo $a[0], "\n";
