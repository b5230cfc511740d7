<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$a = new D('a'); $b = new D('b');
$a->p = $b; $b->p = $a;
unset($a, $b);
echo "collecting\n";
echo gc_collect_cycles(), "\n";
print_r(gc_status());
