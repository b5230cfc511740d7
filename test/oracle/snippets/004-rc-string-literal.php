<?php
$s = 'hello';
debug_zval_dump($s);
$t = $s;
debug_zval_dump($t);
