<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$o = new D('o');
$arr = [$o];
$p = new D('p');
echo "end\n";
