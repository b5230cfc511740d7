<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$list = [new D(1), new D(2)];
$solo = new D('solo');
echo "end\n";
