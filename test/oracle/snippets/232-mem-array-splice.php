<?php
echo " \n";
$m0 = memory_get_usage();
$a = range(1, 10);
echo memory_get_usage() - $m0, "\n";
$r = array_splice($a, 2, 3);
echo memory_get_usage() - $m0, "\n";
array_splice($a, 1, 0, [100, 200]);
echo memory_get_usage() - $m0, "\n";
$h = ['a' => 1, 'b' => 2, 3, 4];
$x = array_splice($h, 1, 2, 'q');
echo memory_get_usage() - $m0, "\n";
print_r($h); print_r($x);
array_splice($a, 0);
echo memory_get_usage() - $m0, count($a), "\n";
$s = [str_repeat('s', 3), 'b'];
array_splice($s, 0, 1);
debug_zval_dump($s);
