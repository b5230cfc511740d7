<?php
$x = 1;
$f = function () use ($x) { return $x + 1; };
$x = 10;
echo $f(), "\n";
