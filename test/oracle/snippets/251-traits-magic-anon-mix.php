<?php
trait Counter { private static $count = 0; public static function hit() { static $calls = 0; $calls++; return ++self::$count * 100 + $calls; } }
class A { use Counter; }
class B { use Counter; }
echo A::hit(), ' ', A::hit(), ' ', B::hit(), "\n";
class Lazy {
  private $data = ['list' => [1, 2]];
  public function __get($n) { return $this->data[$n]; }
  public function __set($n, $v) { echo "set $n\n"; $this->data[$n] = $v; }
}
$l = new Lazy;
$list = $l->list;
$list[] = 3;
$l->list = $list;
debug_zval_dump($list);
echo count($l->list), "\n";
abstract class Shape { abstract public function area(): float; public function __toString(): string { return get_parent_class($this) . ':' . $this->area(); } }
$sq = new class(2) extends Shape { public function __construct(private float $s) {} public function area(): float { return $this->s ** 2; } };
echo "$sq\n";
$fns = array_map(fn($n) => fn() => $n * 2, [1, 2]);
echo $fns[1](), "\n";
function &getRef(array &$arr, $k) { return $arr[$k]; }
$data = ['a' => 1];
$r = &getRef($data, 'a');
$r = 10;
print_r($data);
echo gc_status()['roots'], "\n";
