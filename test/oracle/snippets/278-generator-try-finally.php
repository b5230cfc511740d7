<?php
function lines() {
  echo "open\n";
  try {
    yield 1;
    yield 2;
    yield 3;
  } finally {
    echo "close\n";
  }
}
foreach (lines() as $l) { echo "line $l\n"; if ($l == 2) break; }
echo "after break\n";
$g = lines(); $g->current(); echo "unset next\n"; unset($g); echo "after unset\n";
foreach (lines() as $l) { echo "full $l\n"; }
function guarded() {
  try {
    yield 1;
    throw new LogicException("bad");
  } catch (LogicException $e) {
    echo "caught ", $e->getMessage(), "\n";
    yield 2;
  } finally {
    echo "finally\n";
  }
  yield 3;
}
foreach (guarded() as $v) echo "v$v\n";
function early() { try { yield 1; return 5; } finally { echo "fin early\n"; } }
$e = early(); foreach ($e as $v) echo "e$v\n"; echo $e->getReturn(), "\n";
function nested() { try { try { yield 1; } finally { echo "inner\n"; } } finally { echo "outer\n"; } }
$n = nested(); $n->current(); unset($n);
echo "end\n";
