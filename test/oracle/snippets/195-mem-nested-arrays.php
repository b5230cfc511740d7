<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = [];
for ($i = 0; $i < 4; $i++) { $a[] = [$i, $i + 1]; }
echo memory_get_usage() - $m0, "\n";
