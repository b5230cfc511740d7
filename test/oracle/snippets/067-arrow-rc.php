<?php
$arr = [1, 2, 3];
$n = count($arr);
$big = str_repeat('x', 5);
$f = fn() => $big . '!';
debug_zval_dump($big);
echo $f(), "\n";
