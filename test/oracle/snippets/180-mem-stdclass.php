<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$o = new stdClass;
echo memory_get_usage() - $m0, "\n";
