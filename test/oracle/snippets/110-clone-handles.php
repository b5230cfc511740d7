<?php
$a = new stdClass;
$b = clone $a;
var_dump($a, $b);
debug_zval_dump($b);
