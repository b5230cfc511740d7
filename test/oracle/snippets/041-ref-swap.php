<?php
function swap(&$a, &$b) { $t = $a; $a = $b; $b = $t; }
$x = 'one'; $y = 'two';
swap($x, $y);
echo $x, ' ', $y, "\n";
