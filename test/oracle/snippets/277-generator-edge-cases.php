<?php
function selfish() { global $gen; yield 1; $gen->next(); yield 2; }
$gen = selfish();
try { foreach ($gen as $v) echo $v, "\n"; } catch (Error $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
function fin() { yield 1; return 7; }
$f = fin(); foreach ($f as $v) {} var_dump($f->current(), $f->key(), $f->valid(), $f->getReturn(), $f->send(5));
$s = fin(); var_dump($s->send('x'), $s->valid());
function thrower() { yield 1; throw new RuntimeException("inside"); }
try { foreach (thrower() as $v) echo "v$v\n"; } catch (RuntimeException $e) { echo $e->getMessage(), "\n"; }
$t = thrower(); $t->current(); try { $t->next(); } catch (RuntimeException $e) { echo "caught\n"; } var_dump($t->valid(), $t->current());
function recurse($n) { if ($n > 0) { yield $n; yield from recurse($n - 1); } }
echo implode(',', iterator_to_array(recurse(4), false)), "\n";
