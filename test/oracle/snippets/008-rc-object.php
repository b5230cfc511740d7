<?php
$o = new stdClass;
$p = $o;
debug_zval_dump($o);
unset($p);
debug_zval_dump($o);
