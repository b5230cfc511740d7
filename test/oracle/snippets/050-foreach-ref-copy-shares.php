<?php
$a = [1, 2];
foreach ($a as &$v) {}
unset($v);
$b = $a;
$b[0] = 'x';
var_dump($a);
