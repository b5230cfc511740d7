<?php
function g0() { yield 1; }
function g1($a) { yield $a; }
function g2($a, $b) { $c = $a + $b; yield $c; }
function g3() { for ($i = 0; $i < 3; $i++) { yield $i; } }
function g4() { $x = 1; $y = 2; $z = 3; $w = 4; yield $x + $y + $z + $w; }
function g5($n) { foreach (range(1, $n) as $k => $v) { yield $k => $v * 2; } return 5; }
function g6() { $s = yield 1; echo "got $s\n"; yield 2; }
function g7() { yield from [1, 2]; yield from g3(); }
function g8(...$xs) { yield $xs; }
echo "start\n";
foreach (['g0', 'g3', 'g4', 'g6', 'g7'] as $f) { $m = memory_get_usage(); $g = $f(); echo "$f: ", memory_get_usage() - $m, "\n"; unset($g); }
$m = memory_get_usage(); $g = g1(1); echo "g1: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = g2(1, 2); echo "g2: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = g5(3); echo "g5: ", memory_get_usage() - $m, "\n"; 
$m = memory_get_usage(); $g->current(); echo "g5 current: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $g->next(); echo "g5 next: ", memory_get_usage() - $m, "\n";
unset($g);
$m = memory_get_usage(); $g = g8(1, 2, 3); echo "g8: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = g0(); $g->current(); echo "g0 started: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = (function () { yield 1; })(); echo "closure gen: ", memory_get_usage() - $m, "\n"; unset($g);
debug_zval_dump(g0());
var_dump(g0());
