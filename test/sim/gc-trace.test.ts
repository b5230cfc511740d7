// The trace of a collector run lists exactly the values its `collected` count counts: objects, arrays, closures
// and the runtime strings that die with a cycle (FACTS 3), never reference wrappers, and not the objects a run
// hands back for their destructors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../server/src/sim/simulate.js';
import type { GcPhase } from '../../server/src/sim/trace.js';

function phases(code: string) {
  const r = simulate(code);
  assert.equal(r.exitCode, 0, r.stderr);
  const runs = r.trace.steps.flatMap((st) => st.gc ?? []);
  const last = r.trace.steps[r.trace.steps.length - 1];
  const heapKinds = new Map<number, string>();
  for (const st of r.trace.steps) for (const n of st.heap) heapKinds.set(n.id, n.kind);
  return { r, runs, last, heapKinds };
}

const free = (ph: GcPhase[]) => ph.find((p) => p.phase === 'free')!;

test('a tree with child arrays and runtime strings: the free phase lists every counted value', () => {
  const { r, runs, last, heapKinds } = phases(`<?php
class Node { public $name; public $children = []; public $parent; }
function build($parent, $depth) {
  for ($i = 0; $i < 3 && $depth < 2; $i++) {
    $c = new Node; $c->name = str_repeat('n', 5) . $i; $c->parent = $parent; $parent->children[] = $c;
    build($c, $depth + 1);
  }
}
$root = new Node; $root->name = str_repeat('r', 3);
build($root, 0);
unset($root);
echo gc_collect_cycles(), "\\n";
`);
  const collected = Number(r.stdout.trim());
  assert.ok(collected > 10, r.stdout);
  assert.equal(runs.length, 1);
  const f = free(runs[0].phases);
  assert.equal(f.count, collected);
  assert.equal(f.freed!.length, collected, 'one id per counted value');
  assert.equal(new Set(f.freed).size, collected, 'no id twice');
  assert.equal(f.listed, undefined, 'not capped');
  assert.equal(last.gcStatus.collected, collected);
  // The list covers strings too (they were missing before), and the collect phase found the same values.
  const kinds = f.freed!.map((id) => heapKinds.get(id));
  assert.ok(kinds.includes('string') && kinds.includes('array') && kinds.includes('object'), kinds.join(','));
  const collect = runs[0].phases.find((p) => p.phase === 'collect')!;
  assert.deepEqual([...collect.garbage!].sort(), [...f.freed!].sort());
});

test('a cycle through a reference wrapper: the wrapper is freed but not listed, as it is not counted', () => {
  const { r, runs } = phases('<?php\n$a = [1];\n$a[] = &$a;\nunset($a);\necho gc_collect_cycles(), "\\n";\n');
  const f = free(runs[0].phases);
  assert.equal(f.count, Number(r.stdout));
  assert.equal(f.freed!.length, f.count);
});

test('objects pulled out for their destructors are not listed; the rerun lists what it frees', () => {
  const { r, runs } = phases(`<?php
class D { public $other; public $tag; function __destruct() { echo "dtor\\n"; } }
class P { public $other; }
$d = new D; $p = new P; $d->other = $p; $p->other = $d; $d->tag = str_repeat('t', 4);
$x = new P; $y = new P; $x->other = $y; $y->other = $x;
unset($d, $p, $x, $y);
echo gc_collect_cycles(), "\\n";
print_r(gc_status());
`);
  const total = Number(/^(\d+)$/m.exec(r.stdout)![1]);
  const runsCount = Number(/\[runs\] => (\d+)/.exec(r.stdout)![1]);
  assert.equal(runsCount, 2, 'the destructor made the collector run again');
  const frees = runs.flatMap((run) => run.phases.filter((p) => p.phase === 'free'));
  assert.equal(frees.length, 2);
  for (const f of frees) assert.equal(f.freed!.length, f.count);
  assert.equal(frees.reduce((n, f) => n + f.count!, 0), total);
  const pulled = runs[0].phases.find((p) => p.phase === 'destructors')!.objects!;
  for (const id of pulled) assert.ok(!frees[0].freed!.includes(id), 'a pulled-out object is not freed by the first run');
});

test('a big run caps the id list and says how many it lists', () => {
  const { r, runs } = phases('<?php\nfor ($i = 0; $i < 1500; $i++) { $o = new stdClass; $o->s = $o; $o->n = str_repeat("x", 2); }\nunset($o);\necho gc_collect_cycles(), "\\n";\n');
  const f = free(runs[runs.length - 1].phases);
  assert.equal(f.count, Number(r.stdout));
  assert.equal(f.count, 3000);
  assert.equal(f.freed!.length, 2000);
  assert.equal(f.listed, 2000);
});
