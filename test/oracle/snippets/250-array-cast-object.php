<?php
class P { public $a = 1; protected $b = [2]; private $c; public int $u; }
echo " \n";
$m0 = memory_get_usage();
$o = new P;
echo memory_get_usage() - $m0, "\n";
$arr = (array)$o;
echo memory_get_usage() - $m0, "\n";
$arr2 = (array)$o;
echo memory_get_usage() - $m0, "\n";
var_dump(count($arr), array_keys($arr) === ["a", "\0*\0b", "\0P\0c"]);
debug_zval_dump($arr);



var_dump((array)'str', (array)null);
class Q extends P { public $q = 'q'; }
$qa = (array)new Q;
var_dump(array_keys($qa) === ['q', 'a', "\0*\0b", "\0P\0c"] || array_keys($qa) === ['a', "\0*\0b", "\0P\0c", 'q']);
echo count($qa), "\n";
