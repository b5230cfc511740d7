<?php
class C2 { public $o; function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$x = new C2('x'); $y = new C2('y');
$x->o = $y; $y->o = $x;
$z = new C2('z');
unset($x, $y);
echo "end\n";
