<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = [];
$a['k'] = 1;
echo memory_get_usage() - $m0, "\n";
