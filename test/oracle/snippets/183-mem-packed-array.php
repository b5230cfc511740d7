<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = [];
$a[] = 1;
echo memory_get_usage() - $m0, "\n";
for ($i = 0; $i < 8; $i++) $a[] = $i;
echo memory_get_usage() - $m0, "\n";
