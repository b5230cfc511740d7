<?php
trait Counts { public $count = 0; private $log = []; public function inc() { $this->count++; $this->log[] = $this->count; return $this; } public static function make() { return new static; } }
trait Hello { public function hi() { return 'Hello'; } }
trait World { public function hi() { return 'World'; } }
class C { use Counts; public $x; }
class D { use Hello, World { Hello::hi insteadof World; World::hi as wHi; } use Counts; }
$c = new C; $c->inc()->inc();
debug_zval_dump($c);
$d = D::make();
echo $d->hi(), ' ', $d->wHi(), ' ', get_class($d), "\n";
var_dump($d);
echo "\n";
$m0 = memory_get_usage(); $e = new C; echo memory_get_usage() - $m0, "\n";
