<?php
$nums = [1, 2, 3];
$m = 3;
print_r(array_map(fn($n) => $n * $m, $nums));
print_r(array_filter($nums, function ($n) { return $n % 2; }));
