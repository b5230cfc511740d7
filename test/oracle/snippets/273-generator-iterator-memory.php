<?php
function g() { yield 1; yield 2; }
echo "x\n";
$gen = g();
$m = memory_get_usage();
foreach ($gen as $v) { echo memory_get_usage() - $m, "\n"; }
echo memory_get_usage() - $m, "\n";
$m = memory_get_usage();
$a = iterator_to_array(g());
echo memory_get_usage() - $m, "\n";
