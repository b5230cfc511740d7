<?php
function readLines() { $lines = ['a', 'b', 'c']; foreach ($lines as $line) { yield trim($line); } }
function gen($n) { for ($i = 0; $i < $n; $i++) { yield $i => str_repeat('x', 10); } }
function squares(array $nums) { foreach ($nums as $n) { yield $n * $n; } }
function mapG(callable $f, iterable $it) { foreach ($it as $k => $v) { yield $k => $f($v); } }
function infinite() { $i = 0; while (true) { yield $i++; } }
function chunked($arr, $size) { $chunk = []; foreach ($arr as $v) { $chunk[] = $v; if (count($chunk) === $size) { yield $chunk; $chunk = []; } } if ($chunk) { yield $chunk; } }
function xrange($start, $end, $step = 1) { for ($i = $start; $i <= $end; $i += $step) { yield $i; } }
function fileLike() { $data = "l1\nl2\nl3"; foreach (explode("\n", $data) as $no => $line) { yield $no + 1 => strtoupper($line); } }
function evens() { foreach (xrange(1, 10) as $n) { if ($n % 2 == 0) { yield $n; } } }
function kv() { yield 'name' => 'x'; yield 'age' => 3; }
class Coll { private $items = [1, 2, 3]; function each() { foreach ($this->items as $i => $item) { yield $i => $item; } } }
echo "start\n";
foreach (['readLines', 'infinite', 'evens', 'kv', 'fileLike'] as $f) { $m = memory_get_usage(); $g = $f(); echo "$f: ", memory_get_usage() - $m, "\n"; unset($g); }
$m = memory_get_usage(); $g = gen(5); echo "gen: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = squares([1, 2]); echo "squares: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = mapG('abs', [1]); echo "mapG: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = chunked([1, 2, 3], 2); echo "chunked: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $g = xrange(1, 10); echo "xrange: ", memory_get_usage() - $m, "\n"; unset($g);
$c = new Coll;
$m = memory_get_usage(); $g = $c->each(); echo "each: ", memory_get_usage() - $m, "\n"; unset($g);
$m = memory_get_usage(); $arr = range(1, 10000); echo "range array: ", memory_get_usage() - $m, "\n"; unset($arr);
$m = memory_get_usage(); $sum = 0; foreach (xrange(1, 10000) as $v) { $sum += $v; } echo "xrange loop: ", memory_get_usage() - $m, " $sum\n";
$m = memory_get_usage(); $g = xrange(1, 3); $g->current(); $peak = memory_get_usage() - $m; foreach ($g as $v) {} echo "after: ", memory_get_usage() - $m, " $peak\n";
$m = memory_get_usage(); $a = iterator_to_array(gen(3)); echo "to array: ", memory_get_usage() - $m, "\n";
foreach (chunked(range(1, 5), 2) as $ch) echo implode(',', $ch), ';';
echo "\n";
foreach (mapG(fn($x) => $x * 10, squares([1, 2, 3])) as $k => $v) echo "$k:$v ";
echo "\n";
foreach ($c->each() as $k => $v) echo "$k=$v ";
echo "\n";
foreach (fileLike() as $k => $v) echo "$k=$v ";
echo "\n";
foreach (infinite() as $v) { if ($v > 3) break; echo $v; }
echo "\n";
