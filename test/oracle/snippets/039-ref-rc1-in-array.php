<?php
$a = [1, 2, 3];
$r = &$a[1];
unset($r);
$b = $a;
$b[1] = 'changed';
var_dump($a);
