<?php
class Counter { private $n = 0; public function inc($by = 1) { $this->n += $by; return $this->n; } public static function make() { return new static; } }
$c = new Counter;
$inc = $c->inc(...);
debug_zval_dump($c);
echo $inc(), $inc(5), "\n";
$make = Counter::make(...);
var_dump($make() instanceof Counter);
$len = strlen(...);
echo $len('hello'), "\n";
$f = Closure::fromCallable([$c, 'inc']);
echo $f(10), "\n";
$g = Closure::fromCallable('strtoupper');
echo $g('abc'), "\n";
$h = $f(...);
var_dump($h === $f);
unset($inc, $f, $h);
debug_zval_dump($c);
echo " \n";
$m0 = memory_get_usage();
$k = $c->inc(...);
echo memory_get_usage() - $m0, "\n";
