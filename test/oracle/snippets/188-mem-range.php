<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = range(1, 100);
echo memory_get_usage() - $m0, "\n";
unset($a);
echo memory_get_usage() - $m0, "\n";
