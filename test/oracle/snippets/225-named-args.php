<?php
function f($a, $b = 2, ...$rest) { var_dump($a, $b, $rest); }
f(b: 5, a: 1);
f(1, 2, 3, 4);
$args = [7, 8];
f(...$args);
f(...['a' => 1, 'b' => 3]);
echo str_pad(string: 'x', length: 3, pad_string: '-', pad_type: STR_PAD_LEFT), "\n";
class P { function __construct(public int $x = 0, public int $y = 0) {} }
var_dump(new P(y: 3));
echo implode(separator: ',', array: [1, 2]), "\n";
