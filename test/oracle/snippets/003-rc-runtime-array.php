<?php
$n = 3;
$a = [$n, 2];
debug_zval_dump($a);
$b = $a;
debug_zval_dump($b);
