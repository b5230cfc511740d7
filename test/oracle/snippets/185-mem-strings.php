<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$s = str_repeat('x', 100);
echo memory_get_usage() - $m0, "\n";
$t = $s;
echo memory_get_usage() - $m0, "\n";
$u = $s . 'y';
echo memory_get_usage() - $m0, "\n";
