<?php
$a = [1, 2, 3];
foreach ($a as &$v) {}
var_dump($a);
debug_zval_dump($a);
