<?php
$s = str_repeat('q', 4);
$a = [$s, $s];
$b = $a;
debug_zval_dump($a);
$b[] = 1;
debug_zval_dump($a);
