<?php
function numbers($n) { for ($i = 0; $i < $n; $i++) { yield $i; } }
function squares(iterable $xs) { foreach ($xs as $x) { yield $x * $x; } }
echo "array vs generator\n";
$m = memory_get_usage();
$arr = range(0, 9999);
$sum = 0;
foreach ($arr as $v) { $sum += $v; }
echo "array: ", memory_get_usage() - $m, " bytes, sum $sum\n";
unset($arr);
$m = memory_get_usage();
$sum = 0;
foreach (numbers(10000) as $v) { $sum += $v; }
echo "generator after loop: ", memory_get_usage() - $m, " bytes, sum $sum\n";
$m = memory_get_usage();
$g = squares(numbers(5));
echo "pipeline: ", memory_get_usage() - $m, "\n";
foreach ($g as $k => $v) { echo "$k:$v "; if ($k == 2) echo '[', memory_get_usage() - $m, '] '; }
echo "\n", memory_get_usage() - $m, "\n";
unset($g);
echo memory_get_usage() - $m, "\n";
$m = memory_get_usage();
$all = iterator_to_array(squares([1, 2, 3]));
echo count($all), ' ', memory_get_usage() - $m, "\n";
