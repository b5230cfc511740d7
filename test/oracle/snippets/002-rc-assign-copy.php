<?php
$a = [1, 2, 3];
$b = $a;
debug_zval_dump($a);
unset($b);
debug_zval_dump($a);
