// Long runs: the trace stays bounded (steps and heap-node records) and says so, while stdout and gc_status()
// remain exact; the collector's trace phases stay capped too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../server/src/sim/simulate.js';

const THRESHOLD = `<?php
$keep = [];
for ($i = 0; $i < 25000; $i++) { $o = new stdClass; $o->self = $o; $p = new stdClass; $q = $p; unset($q); $keep[] = $p; }
print_r(gc_status());
`;

test('a long run with a big heap keeps a bounded, truncated trace and exact output', () => {
  const plain = simulate(THRESHOLD, { trace: false, maxSteps: 1e8 });
  const traced = simulate(THRESHOLD, { trace: true, maxSteps: 1e8 });
  assert.equal(traced.exitCode, 0);
  assert.equal(traced.stdout, plain.stdout);
  const runs = Number(/\[runs\] => (\d+)/.exec(plain.stdout)![1]);
  assert.ok(runs >= 2, 'the threshold made the collector run');
  assert.equal(traced.trace.truncated, true);
  const records = traced.trace.steps.reduce((n, st) => n + st.heap.length, 0);
  // The budget is checked before each step; the last step and the final snapshot may each add up to 2,000.
  assert.ok(records <= 300_000 + 2 * 2_000, `${records} heap-node records`);
  assert.ok(traced.trace.steps.length <= 5_001);
  const last = traced.trace.steps[traced.trace.steps.length - 1];
  assert.equal(last.phase, 'end');
  assert.equal(last.gcStatus.runs, runs);
  for (const st of traced.trace.steps) for (const run of st.gc ?? []) for (const ph of run.phases) assert.ok(ph.colors.length <= 2_000);
});

test('a small program keeps every step and is not truncated', () => {
  const r = simulate('<?php\n$a = new stdClass;\n$b = new stdClass;\n$a->b = $b; $b->a = $a;\nunset($a, $b);\necho gc_collect_cycles(), "\\n";\n');
  assert.equal(r.stdout, '2\n');
  assert.equal(r.trace.truncated, false);
  const run = r.trace.steps.flatMap((st) => st.gc ?? [])[0];
  assert.deepEqual(run.phases.map((p) => p.phase), ['mark', 'scan', 'collect', 'free']);
  assert.equal(run.collected, 2);
});

test('a 10,000-element array alive through a long loop keeps the trace bounded (elements per node are capped)', () => {
  const code = '<?php\n$arr = range(0, 9999);\n$sum = 0;\nforeach ($arr as $v) { $sum += $v; }\necho $sum, "\\n";\n';
  const r = simulate(code, { trace: true });
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout, '49995000\n');
  assert.equal(r.trace.truncated, true);
  let edges = 0;
  for (const st of r.trace.steps) for (const n of st.heap) {
    assert.ok(n.edges.length <= 2_000, `${n.edges.length} edges on one node`);
    edges += n.edges.length;
  }
  assert.ok(edges <= 300_000 + 2 * 2_000 * 2_000, `${edges} edges recorded`);
});
