<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$map = new WeakMap;
$k = new stdClass;
$map[$k] = new D('value');
echo "unset key\n";
unset($k);
echo "after\n";
