<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
function f() { $b = null; $a = new D('a'); $b = new D('b'); }
f();
echo "done\n";
