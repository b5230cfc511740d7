<?php
$o = new stdClass;
$o->v = 1;
$p = $o;
$p->v = 2;
echo $o->v, "\n";
