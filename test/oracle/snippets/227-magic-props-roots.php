<?php
class Bag {
  private $data = [];
  public $real = 1;
  public function __get($n) { echo "get $n\n"; return $this->data[$n] ?? null; }
  public function __set($n, $v) { echo "set $n\n"; $this->data[$n] = $v; }
  public function __isset($n) { echo "isset $n\n"; return isset($this->data[$n]); }
  public function __unset($n) { echo "unset $n\n"; unset($this->data[$n]); }
}
$b = new Bag;
$v = str_repeat('v', 2);
$b->foo = $v;
debug_zval_dump($v);
echo $b->foo, ' ', $b->real, "\n";
var_dump(isset($b->foo), isset($b->bar), empty($b->foo), $b->bar ?? 'dflt');
unset($b->foo);
var_dump(isset($b->foo));
echo $b->data === null ? 'hidden' : 'visible', "\n";
print_r(gc_status());
debug_zval_dump($b);
