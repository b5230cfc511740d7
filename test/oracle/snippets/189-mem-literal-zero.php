<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = [1, 2, 3];
$b = 'literal';
$c = [];
echo memory_get_usage() - $m0, "\n";
