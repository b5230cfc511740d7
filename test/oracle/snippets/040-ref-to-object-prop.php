<?php
$o = new stdClass;
$o->v = 1;
$r = &$o->v;
$r = 10;
echo $o->v, "\n";
var_dump($o);
