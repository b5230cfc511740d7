<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
function f() { $l = new D('local'); throw new Exception('x'); }
try { f(); } catch (Exception $e) { echo "caught\n"; }
echo "end\n";
