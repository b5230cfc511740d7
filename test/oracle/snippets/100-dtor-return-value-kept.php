<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
function make() { return new D('made'); }
$m = make();
echo "have it\n";
make();
echo "discarded\n";
