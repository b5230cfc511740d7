<?php
function sum(...$n) { return array_sum($n); }
$xs = [1, 2, 3];
echo sum(...$xs), ' ', sum(0, ...$xs, ...[4, 5]), "\n";
$o = null;
echo $o?->name ?? 'none', "\n";
echo $o?->method() ?? 'nomethod', "\n";
class N { public $child; public $v = 5; function get() { return $this; } }
$n = new N;
echo $n?->v, ' ', $n->child?->v ?? 'null', ' ', $n?->get()?->v, "\n";
$arr = [...$xs, ...['a' => 1]];
print_r($arr);
try { echo match(5) { 1 => 'a', 2 => 'b' }; } catch (\UnhandledMatchError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
echo match(true) { 5 > 3 => 'gt', default => 'le' }, "\n";
