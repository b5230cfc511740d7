<?php
$o = new stdClass;
$o->v = 1;
$r = &$o->v;
unset($r);
$c = clone $o;
$c->v = 2;
echo $o->v, "\n";
