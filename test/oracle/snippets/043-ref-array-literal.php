<?php
$x = 1;
$arr = [&$x, 2];
$arr[0] = 50;
echo $x, "\n";
var_dump($arr);
