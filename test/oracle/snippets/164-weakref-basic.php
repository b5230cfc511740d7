<?php
$o = new stdClass;
$w = WeakReference::create($o);
var_dump($w->get() === $o);
debug_zval_dump($o);
unset($o);
var_dump($w->get());
