<?php
class N2 { public $o; function __construct(public $n) {} function __destruct() { echo "d{$this->n}\n"; } }
$x = new N2(1); $y = new N2(2); $z = new N2(3);
$x->o = $y; $y->o = $z; $z->o = $x;
unset($z, $x, $y);
echo gc_collect_cycles(), "\n";
