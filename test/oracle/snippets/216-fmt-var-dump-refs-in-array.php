<?php
$x = 1;
$a = [&$x, 2];
var_dump($a);
$b = [1];
$r = &$b[0];
unset($r);
var_dump($b);
