<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$g = new D('global');
echo "before\n";
throw new Exception('boom');
echo "never\n";
