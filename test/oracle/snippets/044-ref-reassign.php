<?php
$a = 1; $b = 2;
$r = &$a;
$r = &$b;
$r = 9;
echo $a, ' ', $b, "\n";
