<?php
$a = ['x' => [1, 2], 'y' => [3, 4]];
$b = $a;
$b['x'][] = 9;
debug_zval_dump($a);
debug_zval_dump($b);
