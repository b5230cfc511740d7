<?php
$a = [1];
$b = $a; $c = $a; $d = $b;
debug_zval_dump($a);
$c = null;
debug_zval_dump($d);
