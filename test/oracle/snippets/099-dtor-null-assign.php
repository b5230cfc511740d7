<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$a = new D(1);
$b = $a;
$a = null;
echo "still alive\n";
$b = null;
echo "gone\n";
