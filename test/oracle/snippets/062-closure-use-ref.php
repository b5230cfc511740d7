<?php
$x = 1;
$f = function () use (&$x) { $x++; };
$f(); $f();
echo $x, "\n";
