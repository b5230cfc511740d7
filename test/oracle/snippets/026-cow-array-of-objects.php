<?php
$o = new stdClass;
$o->n = 1;
$a = [$o];
$b = $a;
$b[0]->n = 5;
echo $a[0]->n, "\n";
$b[0] = null;
echo $a[0]->n, "\n";
