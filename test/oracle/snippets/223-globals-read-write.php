<?php
$a = str_repeat('g', 2);
function f() { $GLOBALS['b'] = [1, 2]; echo $GLOBALS['a'], "\n"; $GLOBALS['a'] .= 'x'; }
f();
echo $a, "\n";
debug_zval_dump($b);
debug_zval_dump($a);
echo isset($GLOBALS['zz']) ? 'y' : 'n', "\n";
$GLOBALS['c'] = new stdClass;
var_dump($c);
