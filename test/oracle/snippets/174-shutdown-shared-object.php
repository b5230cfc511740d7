<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$a = new D('shared');
$b = $a;
$c = new D('c');
echo "end\n";
