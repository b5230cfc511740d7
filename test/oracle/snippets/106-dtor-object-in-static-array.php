<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
class Reg { static $items = []; }
Reg::$items[] = new D('reg');
echo "script end\n";
