<?php
$map = new WeakMap;
$k = new stdClass;
$map[$k] = 'data';
echo count($map), "\n";
debug_zval_dump($k);
unset($k);
echo count($map), "\n";
