<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$arr = [new D(1), new D(2), new D(3)];
$arr = null;
echo "end\n";
