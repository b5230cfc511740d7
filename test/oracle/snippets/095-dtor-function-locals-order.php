<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
function f() { $x = new D('x'); $y = new D('y'); $z = new D('z'); echo "in f\n"; }
f();
echo "after f\n";
