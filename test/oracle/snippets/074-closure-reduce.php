<?php
$sum = array_reduce([1, 2, 3, 4], fn($c, $i) => $c + $i, 0);
echo $sum, "\n";
