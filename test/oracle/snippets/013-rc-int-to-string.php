<?php
$a = (string)42;
$b = (string)7;
debug_zval_dump($a, $b);
