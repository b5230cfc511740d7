<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$x = 1;
$r = &$x;
echo memory_get_usage() - $m0, "\n";
