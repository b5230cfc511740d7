<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = range(1, 10);
$b = $a;
echo memory_get_usage() - $m0, "\n";
$b[] = 11;
echo memory_get_usage() - $m0, "\n";
