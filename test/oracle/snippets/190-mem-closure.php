<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$f = function () {};
echo memory_get_usage() - $m0, "\n";
$x = 1;
$g = function () use ($x) { return $x; };
echo memory_get_usage() - $m0, "\n";
