<?php
class Cfg {
  private $vals = ['a' => 1];
  public $x = 5;
  public function __get($n) { return $this->vals[$n] ?? null; }
  public function get($k) { return $this->$k; }
  public static function make() { return new static; }
  const KIND = 'cfg';
}
$c = new Cfg;
$prop = 'x';
echo $c->$prop, $c->{'x'}, $c->get('x'), $c->a, "\n";
$c->$prop = 7;
echo $c->x, "\n";
$m = 'get';
echo $c->$m('x'), "\n";
$cls = 'Cfg';
var_dump($cls::make() instanceof Cfg, $cls::KIND, $c::KIND);
$cb = [$c, 'get'];
echo $cb('x'), "\n";
$st = ['Cfg', 'make'];
var_dump($st() instanceof Cfg);
$s = 'Cfg::make';
var_dump($s() instanceof Cfg);
debug_zval_dump($c);
print_r(gc_status());
