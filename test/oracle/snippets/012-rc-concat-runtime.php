<?php
$x = str_repeat('x', 2);
$s = $x . 'y';
debug_zval_dump($s);
$e = '' . $x;
debug_zval_dump($x);
