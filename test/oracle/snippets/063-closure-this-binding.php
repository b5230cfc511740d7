<?php
class C { public $v = 3; function getter() { return function () { return $this->v; }; } }
$c = new C;
$g = $c->getter();
echo $g(), "\n";
debug_zval_dump($c);
