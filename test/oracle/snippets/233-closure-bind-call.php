<?php
class A { private $secret = 's'; public $n = 1; }
$peek = function () { return $this->secret; };
$a = new A;
$b = Closure::bind($peek, $a, A::class);
echo $b(), "\n";
echo $peek->call($a), "\n";
$c = $peek->bindTo($a, $a);
echo $c(), "\n";
debug_zval_dump($a);
unset($b, $c);
debug_zval_dump($a);
function dbl($x) { return $x * 2; }
$f = Closure::fromCallable('dbl');
echo $f(4), "\n";
$g = dbl(...);
echo $g(5), "\n";
$h = strlen(...);
echo $h('abcd'), "\n";
class K { function m($x) { return $x + 1; } static function s($x) { return $x + 2; } }
$k = new K;
$mm = $k->m(...);
echo $mm(1), ' ', (K::s(...))(1), "\n";
debug_zval_dump($k);
$unbound = static fn() => 1;
echo $unbound(), "\n";
