<?php
$a = 2; $b = 3;
$f = fn($x) => $x * $a;
echo $f(5), "\n";
$a = 100;
echo $f(5), "\n";
