<?php
$s = str_repeat('abc', 2);
$one = substr($s, 1, 1);
$two = substr($s, 1, 2);
$c = chr(65);
debug_zval_dump($one, $two, $c);
