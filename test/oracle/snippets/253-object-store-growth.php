<?php
$a = [];
$m0 = memory_get_usage();
for ($i = 0; $i < 1030; $i++) { $a[] = new stdClass; }
$m1 = memory_get_usage();
echo $m1 - $m0, "\n";
for ($i = 0; $i < 1100; $i++) { $a[] = new stdClass; }
echo memory_get_usage() - $m1, "\n";
for ($i = 0; $i < 3000; $i++) { $a[] = new stdClass; }
echo memory_get_usage() - $m1, "\n";
unset($a);
$b = new stdClass;
echo memory_get_usage() - $m0, "\n";
