<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
function risky() { throw new Exception('x'); }
try { $d = new D('held'); risky(); } catch (Exception $e) { echo "caught\n"; }
unset($d);
echo "end\n";
