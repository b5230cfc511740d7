<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$a = new D('old');
$a = new D('new');
echo "after\n";
