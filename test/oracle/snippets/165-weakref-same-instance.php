<?php
$o = new stdClass;
$w1 = WeakReference::create($o);
$w2 = WeakReference::create($o);
var_dump($w1 === $w2);
