<?php
class P3 { public $a; public $b; public $c; }
echo "";
echo " \n";
$m0 = memory_get_usage();
$o = new P3;
echo memory_get_usage() - $m0, "\n";
