<?php
function make() { $a = [random_int_stub(), 2]; return $a; }
function random_int_stub() { return 7; }
$r = make();
debug_zval_dump($r);
