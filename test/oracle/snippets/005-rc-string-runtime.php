<?php
$s = str_repeat('ab', 3);
$t = $s;
$u = $s;
debug_zval_dump($s);
unset($t);
debug_zval_dump($s);
