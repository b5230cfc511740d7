<?php
function f($x) { debug_zval_dump($x); }
$a = [1, 2];
f($a);
$o = new stdClass;
f($o);
