<?php
class Res { public $n; function __construct($n) { $this->n = $n; echo "open $n\n"; } function __destruct() { echo "close {$this->n}\n"; } }
function lines() { $r = new Res('file'); yield 1; yield 2; echo "end of lines\n"; }
foreach (lines() as $l) { echo "line $l\n"; }
echo "after loop\n";
$g = lines();
echo $g->current(), "\n";
unset($g);
echo "after unset\n";
class Holder { public $gen; public $items = [1, 2]; function each() { foreach ($this->items as $i) yield $i; } }
$h = new Holder; $h->gen = $h->each(); $h->gen->current();
debug_zval_dump($h);
unset($h);
echo gc_collect_cycles(), "\n";
function values() { $a = [str_repeat('v', 3)]; yield $a; yield $a; }
$g = values();
$x = $g->current();
debug_zval_dump($x);
$g->next();
debug_zval_dump($x);
$g->next();
debug_zval_dump($x);
echo "start mem\n";
$m = memory_get_usage();
$g = values();
foreach ($g as $v) { }
echo memory_get_usage() - $m, "\n";
unset($g, $v);
echo memory_get_usage() - $m, "\n";
print_r(gc_status());
