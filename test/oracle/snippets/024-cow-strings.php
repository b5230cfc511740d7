<?php
$a = str_repeat('a', 3);
$b = $a;
$b .= 'x';
echo $a, ' ', $b, "\n";
debug_zval_dump($a, $b);
