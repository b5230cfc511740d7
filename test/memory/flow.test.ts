// The per-function object flow behind memory.objectCycle: must-links, may-bindings, escapes, releases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhp } from '../../server/src/core/parse';
import { analyzeBody } from '../../server/src/core/flow';

function events(body: string) {
  const program = parsePhp(`<?php function f($param) {\n${body}\n}`).program;
  const fn = program.children[0];
  if (!fn) return []; // the parser gave up (deeply nested input)
  return analyzeBody(fn, fn.body.children).events;
}

const PAIR = '$a = new N; $b = new N; $a->x = $b; $b->y = $a;';

test('a released must-cycle is one event at the release', () => {
  const e = events(`${PAIR} unset($a); unset($b); echo 1;`);
  assert.equal(e.length, 1);
  assert.equal(e[0].kind, 'unset');
  assert.equal(e[0].links.length, 2);
  assert.deepEqual(e[0].members.map((m) => m.label), ['a', 'b']);
});

test('end of function and return release locals', () => {
  assert.equal(events(PAIR)[0].kind, 'end');
  assert.equal(events(`${PAIR} return 1;`)[0].kind, 'return');
  assert.equal(events(`${PAIR} return $a;`).length, 0, 'returned: escapes');
});

test('aliases keep the cycle reachable', () => {
  const alias = events(`${PAIR} $c = $a; unset($a, $b); echo $c->x;`);
  assert.deepEqual(alias.map((e) => e.kind), ['end'], 'not at the unset: $c still holds the pair until the end');
  assert.equal(events(`${PAIR} $list = [$a]; unset($a, $b); return count($list);`).length, 1, 'the list dies at return');
  assert.equal(events(`${PAIR} $list = [$a]; unset($a, $b); keep($list);`).length, 0, 'the list escapes');
  assert.equal(events(`${PAIR} $c = $a->x; unset($a, $b); use_it($c);`).length, 0, 'a property read keeps what it read');
});

test('escapes: calls, methods, $this, statics, globals, closures, references', () => {
  for (const tail of [
    'keep($a);', '$a->save();', '$this->n = $b;', 'self::$all[] = $a;', '$GLOBALS["n"] = $a;',
    '$f = function () use ($a) {};', '$r = &$a;', '$param->n = $b;', 'yield $a;', '$q = clone $a;',
  ]) assert.equal(events(`${PAIR} ${tail}`).length, 0, tail);
});

test('pure built-ins do not make an object escape', () => {
  assert.equal(events(`${PAIR} echo count([$a]), get_class($b), spl_object_id($a);`).length, 1);
});

test('links made on one branch only, or in a loop, are not certain', () => {
  assert.equal(events('$a = new N; $b = new N; $a->x = $b; if ($param) { $b->y = $a; }').length, 0);
  assert.equal(events('$a = new N; $b = new N; $a->x = $b; if ($param) { $b->y = $a; } else { $b->y = $a; }').length, 1);
  assert.equal(events('foreach ($param as $p) { $a = new N; $b = new N; $a->x = $b; $b->y = $a; }').length, 0);
  assert.equal(events('$a = new N; $b = new N; while ($param) { $a->x = $b; } $b->y = $a;').length, 0);
});

test('breaking a link before the release', () => {
  assert.equal(events(`${PAIR} $a->x = null; unset($a, $b);`).length, 0);
  assert.equal(events(`${PAIR} unset($b->y); unset($a, $b);`).length, 0);
  assert.equal(events(`${PAIR} $b->y = new N; unset($a, $b);`).length, 0);
});

test('a variable reassigned while the other still holds the pair reports only when the last goes', () => {
  const e = events(`${PAIR} $a = null; echo 1; $b = null; echo 2;`);
  assert.equal(e.length, 1);
  assert.equal(e[0].kind, 'reassign');
});

test('dynamic variable access makes the body opaque', () => {
  assert.equal(events(`${PAIR} extract($param);`).length, 0);
  assert.equal(events(`${PAIR} $$param = 1;`).length, 0);
});

test('holders name a variable for the fix', () => {
  const e = events(`${PAIR} unset($a, $b);`)[0];
  assert.ok(e.insert);
  assert.deepEqual([...e.holders.values()].flat().sort(), ['a', 'b']);
});

test('odd input does not throw', () => {
  for (const depth of [500, 3000]) {
    const deep = `$x = ${'['.repeat(depth)}${']'.repeat(depth)}; $y = ${'('.repeat(depth)}1${')'.repeat(depth)};`;
    assert.doesNotThrow(() => events(deep));
  }
  assert.doesNotThrow(() => events('goto a; a: $b = new N;'));
  // Twelve nested loops would re-run the innermost body thousands of times without the pass limits and budget.
  const nested = `${'while ($param) { $a = new N; $b = $a; '.repeat(12)}${'}'.repeat(12)}`;
  assert.deepEqual(events(nested), []);
});
