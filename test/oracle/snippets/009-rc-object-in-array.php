<?php
$o = new stdClass;
$a = [$o, $o];
debug_zval_dump($o);
debug_zval_dump($a);
