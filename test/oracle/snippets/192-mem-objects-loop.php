<?php
class Pt { public $x; public $y; }
echo "";
echo " \n";
$m0 = memory_get_usage();
$list = [];
for ($i = 0; $i < 1000; $i++) { $p = new Pt; $p->x = $i; $list[] = $p; }
echo memory_get_usage() - $m0, "\n";
$list = null; $p = null;
echo memory_get_usage() - $m0, "\n";
