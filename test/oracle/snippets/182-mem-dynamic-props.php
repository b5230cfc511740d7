<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$o = new stdClass;
$o->a = 1;
echo memory_get_usage() - $m0, "\n";
$o->b = 2; $o->c = 3; $o->d = 4; $o->e = 5; $o->f = 6; $o->g = 7; $o->h = 8; $o->i = 9;
echo memory_get_usage() - $m0, "\n";
