<?php
function fact($n) { return $n <= 1 ? 1 : $n * fact($n - 1); }
echo fact(10), "\n";
function fib($n) { return $n < 2 ? $n : fib($n - 1) + fib($n - 2); }
echo fib(15), "\n";
