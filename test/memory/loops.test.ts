// Loop classification shared with the worker.* rules (RULES.md "Context detection").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhp, type Node } from '../../server/src/core/parse';
import { walk } from '../../server/src/core/walk';
import { isLongRunningLoop, loopKind, enclosingLongRunningLoop, inLongRunningContext, LOOP_KINDS } from '../../server/src/core/loops';

function firstLoop(code: string): Node {
  let loop: Node | null = null;
  walk(parsePhp(`<?php ${code}`).program, (n) => { if (!loop && LOOP_KINDS.has(n.kind)) loop = n; });
  assert.ok(loop, code);
  return loop!;
}

const settings = { longRunning: { extraLoopCalls: ['nextJob'] } };

test('endless headers and waiting loops are long-running', () => {
  for (const code of [
    'while (true) { work(); }',
    'while (1) { work(); }',
    'for (;;) { work(); }',
    'do { work(); } while (true);',
    'while ($m = $consumer->consume(1000)) { handle($m); }',
    'while ($running) { $m = $consumer->consume(1000); }',
    'while (!$stop) { $req = $worker->waitRequest(); }',
    'while (true) { $job = $q->receive(); if (!$job) { break; } }',
    'while (true) { poll(); sleep(1); if ($done) break; }',
  ]) assert.equal(loopKind(firstLoop(code), settings), 'long-running', code);
});

test('bounded loops are finite', () => {
  for (const code of [
    'foreach ($rows as $r) { $consumer->consume(1); }',
    'for ($i = 0; $i < 10; $i++) { $c->receive(); }',
    'while ($i < 10) { $i++; }',
    'while (true) { $line = fgets($fp); if ($line === false) { break; } }',
    'while (true) { yield $i++; }',
    'while (!$stack->isEmpty()) { $n = $stack->pop(); }',
    'while ($ex) { $msg .= $ex->getMessage(); $ex = $ex->getPrevious(); }',
    'while (true) { $res = $db->select($q); if (!$res->numRows()) { break; } }',
  ]) assert.equal(loopKind(firstLoop(code), settings), 'finite', code);
});

test('extraLoopCalls from the settings', () => {
  const loop = firstLoop('while ($job = $this->nextJob()) { run($job); }');
  assert.equal(isLongRunningLoop(loop, settings), true);
  assert.equal(isLongRunningLoop(loop, { longRunning: { extraLoopCalls: [] } }), false);
});

test('enclosing loop and long-running context', () => {
  const program = parsePhp(`<?php
function run($c) {
    while (true) {
        foreach ($c->batch() as $m) { $seen[] = $m; }
    }
}
$server->on('request', function ($req, $res) { $cache[] = $req; });
function plain() { $x[] = 1; }
`).program;
  const targets: Node[] = [];
  walk(program, (n) => { if (n.kind === 'assign') targets.push(n); });
  const [inLoop, inCallback, plain] = targets;
  assert.equal(enclosingLongRunningLoop(program, inLoop)?.kind, 'while');
  assert.equal(inLongRunningContext(program, inLoop), true);
  assert.equal(inLongRunningContext(program, inCallback), true);
  assert.equal(inLongRunningContext(program, plain), false);
});
