<?php
$stack = [1, 2];
array_push($stack, 3, 4);
$top = array_pop($stack);
echo $top, ' ', count($stack), "\n";
$first = array_shift($stack);
echo $first, "\n";
print_r($stack);
