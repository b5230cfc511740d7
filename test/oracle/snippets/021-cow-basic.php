<?php
$a = [1, 2, 3];
$b = $a;
$b[] = 4;
print_r($a);
print_r($b);
debug_zval_dump($a);
