<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$a = new D('orig');
$b = clone $a;
$b->n = 'copy';
unset($a);
echo "mid\n";
