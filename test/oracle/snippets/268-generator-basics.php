<?php
function counter($n) { for ($i = 1; $i <= $n; $i++) { echo "[yield $i]"; yield $i; } return "done"; }
foreach (counter(3) as $k => $v) echo "$k=>$v\n";
$g = counter(2);
echo $g->current(), "\n";
$g->next();
echo $g->key(), ' ', $g->current(), "\n";
$g->next();
var_dump($g->valid(), $g->current(), $g->getReturn());
function logger() { while (true) { $line = yield; if ($line === null) return 'closed'; echo "log: $line\n"; } }
$l = logger(); $l->current(); $l->send('a'); $l->send('b'); $l->send(null); var_dump($l->valid(), $l->getReturn());
function kv() { yield 'a' => 1; yield 'b' => 2; yield 3; yield 10 => 4; yield 5; }
var_dump(iterator_to_array(kv()));
function inner() { yield 1; yield 2; return 3; }
function outer() { $r = yield from inner(); yield $r; yield from ['x' => 'y', 'z']; }
foreach (outer() as $k => $v) echo "$k: $v\n";
var_dump(iterator_to_array(outer(), false));
$gen = (function () { $x = yield 1; echo "x=$x\n"; $y = yield 2; echo "y=$y\n"; })();
var_dump($gen->current()); var_dump($gen->send('foo')); var_dump($gen->send('bar')); var_dump($gen->valid());
try { $g2 = counter(3); foreach ($g2 as $v) { if ($v == 2) break; } foreach ($g2 as $v) {} } catch (Exception $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { $g3 = inner(); $g3->getReturn(); } catch (Exception $e) { echo $e->getMessage(), "\n"; }
$g4 = inner(); foreach ($g4 as $v) {} try { foreach ($g4 as $v) {} } catch (Exception $e) { echo $e->getMessage(), "\n"; }
var_dump(counter(1) instanceof Traversable, counter(1) instanceof Iterator, counter(1) instanceof Generator);
function fib() { [$a, $b] = [0, 1]; while (true) { yield $a; [$a, $b] = [$b, $a + $b]; } }
foreach (fib() as $i => $f) { if ($i >= 10) break; echo $f, ' '; }
echo "\n";
class Tree { public $kids = []; function __construct(public $v) {} function walk() { yield $this->v; foreach ($this->kids as $k) yield from $k->walk(); } }
$t = new Tree(1); $t->kids[] = new Tree(2); $t->kids[0]->kids[] = new Tree(3); $t->kids[] = new Tree(4);
echo implode(',', iterator_to_array($t->walk(), false)), "\n";
function withKeys() { foreach (['a' => 1, 'b' => 2] as $k => $v) { yield $k => $v * 10; } }
foreach (withKeys() as $k => $v) echo "$k=$v ";
echo "\n";
function early() { yield 1; return; yield 2; }
foreach (early() as $v) echo $v; echo "\n";
function lazyRange($a, $b) { for ($i = $a; $i <= $b; $i++) yield $i; }
echo array_sum(iterator_to_array(lazyRange(1, 100))), "\n";
