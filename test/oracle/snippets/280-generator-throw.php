<?php
function worker() {
  while (true) {
    try {
      $job = yield;
      echo "job $job\n";
    } catch (RuntimeException $e) {
      echo "worker caught: ", $e->getMessage(), "\n";
      yield 'recovered';
    }
  }
}
$w = worker();
$w->send('a');
var_dump($w->throw(new RuntimeException('stop')));
$w->send('b');
function plain() { yield 1; yield 2; }
$p = plain();
try { $p->throw(new LogicException('into plain')); } catch (LogicException $e) { echo "outside: ", $e->getMessage(), "\n"; }
var_dump($p->valid());
try { $p->throw(new LogicException('after close')); } catch (LogicException $e) { echo "caller: ", $e->getMessage(), "\n"; }
function cleanup() { try { yield 1; } finally { echo "cleanup\n"; } }
$c = cleanup(); $c->current();
try { $c->throw(new Exception('x')); } catch (Exception $e) { echo "rethrown ", $e->getMessage(), "\n"; }
