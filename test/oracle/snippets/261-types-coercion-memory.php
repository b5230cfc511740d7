<?php
function s(string $s) { debug_zval_dump($s); return $s; }
function i(int $i) { debug_zval_dump($i); return $i; }
function f(float $f) { return $f; }
echo "start\n";
$m0 = memory_get_usage();
$a = s(12345);
echo memory_get_usage() - $m0, "\n";
$m0 = memory_get_usage();
$b = s(7);
echo memory_get_usage() - $m0, "\n";
$m0 = memory_get_usage();
$c = s(true);
echo memory_get_usage() - $m0, "\n";
$m0 = memory_get_usage();
$str = str_repeat('9', 3);
$d = i($str);
echo memory_get_usage() - $m0, "\n";
debug_zval_dump($str);
$m0 = memory_get_usage();
$e = f(2);
echo memory_get_usage() - $m0, "\n";
class T { public string $name = ''; public int $n = 0; }
$t = new T;
$m0 = memory_get_usage();
$t->name = 123456;
echo memory_get_usage() - $m0, "\n";
debug_zval_dump($t);
