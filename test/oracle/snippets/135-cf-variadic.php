<?php
function sum(...$n) { return array_sum($n); }
echo sum(1, 2, 3), ' ', sum(), "\n";
$args = [4, 5];
echo sum(...$args), "\n";
