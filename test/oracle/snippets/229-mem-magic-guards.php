<?php
class Plain { public $a; }
class Magic { public $a; public function __get($n) { return $n === 'x' ? $this->y : 1; } }
echo " \n";
$m0 = memory_get_usage();
$p = new Plain;
echo memory_get_usage() - $m0, "\n";
$q = new Magic;
echo memory_get_usage() - $m0, "\n";
echo $q->z, "\n";
echo memory_get_usage() - $m0, "\n";
echo $q->x, "\n";
echo memory_get_usage() - $m0, "\n";
