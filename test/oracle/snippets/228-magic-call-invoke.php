<?php
class Proxy {
  public function __call($n, $a) { debug_zval_dump($a); return $n . ':' . implode(',', $a); }
  public static function __callStatic($n, $a) { return 'static ' . $n . count($a); }
  public function __toString() { return 'Proxy'; }
  public function __invoke($x) { return $x * 2; }
  public function viaSelf() { return self::missing(1); }
}
$p = new Proxy;
$s = str_repeat('s', 2);
echo $p->doThing(1, $s), "\n";
echo Proxy::make(1, 2, 3), "\n";
echo $p->viaSelf(), "\n";
echo $p, ' ', strlen($p), " x{$p}y\n";
echo $p(21), ' ', array_map($p, [1, 2])[1], ' ', call_user_func($p, 5), "\n";
print_r(gc_status());
debug_zval_dump($p);
