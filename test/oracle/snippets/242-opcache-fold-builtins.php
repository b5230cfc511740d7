<?php
$a = strtoupper('abc');
$b = str_repeat('-', 10) . PHP_EOL;
$c = implode(',', ['x', 'y']);
$d = sprintf('%s!', 'no');
$e = explode(' ', 'p q r');
$f = (string)42;
$g = str_pad('z', 3);
$h = ucfirst(strtolower('HELLO'));
debug_zval_dump($a, $b, $c, $d, $e, $f, $g, $h);
$n = 3;
debug_zval_dump(str_repeat('n', $n));
