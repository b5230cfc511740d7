<?php
$a = [1, 2];
$r = &$a[0];
$b = $a;
$b[0] = 99;
echo $a[0], "\n";
var_dump($a);
