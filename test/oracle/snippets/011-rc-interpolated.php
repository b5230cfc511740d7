<?php
$n = 5;
$s = "n=$n";
debug_zval_dump($s);
$c = 'a' . 'b';
debug_zval_dump($c);
