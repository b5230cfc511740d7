<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$s = new SplObjectStorage;
$s->attach(new D('stored'));
echo "attached\n";
$s = null;
echo "end\n";
