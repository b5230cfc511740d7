// Generators on odd input stay within the simulator's guards: an endless generator stops at the step limit, a
// generator delegating to itself forever at the recursion limit, and `yield` where the resumable executor cannot
// suspend is reported with its line. Their output against real PHP is covered by the oracle (generator-* snippets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../server/src/sim/simulate.js';

test('an endless generator consumed by foreach stops at the step guard, keeping the output so far', () => {
  const r = simulate('<?php\nfunction nat() { $i = 0; while (true) { yield $i++; } }\nforeach (nat() as $n) { if ($n < 3) echo $n; }\n', { trace: false, maxSteps: 10_000 });
  assert.equal(r.exitCode, 4);
  assert.equal(r.stdout, '012');
  assert.match(r.guard!, /step limit/);
});

test('a generator that delegates to a new copy of itself forever stops at the recursion guard', () => {
  const r = simulate('<?php\nfunction down() { yield 1; yield from down(); }\nforeach (down() as $v) {}\n', { trace: false, maxDepth: 200 });
  assert.equal(r.exitCode, 4);
  assert.match(r.guard!, /recursion depth limit of 200|stack/);
});

test('the frame of a finished generator is freed: memory returns to where it was before the call', () => {
  const r = simulate('<?php\nfunction g() { $big = str_repeat("x", 1000); yield 1; }\necho "x\\n";\n$m = memory_get_usage();\n$gen = g();\nforeach ($gen as $v) {}\necho memory_get_usage() - $m, "\\n";\nunset($gen, $v);\necho memory_get_usage() - $m, "\\n";\n', { trace: false });
  assert.equal(r.exitCode, 0);
  // The Generator object (320 bytes) outlives its body; its frame and $big are gone once the body returned.
  assert.equal(r.stdout, 'x\n320\n0\n');
});

test('the trace of a generator run has the generator frame on the stack while its body runs', () => {
  const r = simulate('<?php\nfunction g() {\n  $local = 1;\n  yield $local;\n}\nforeach (g() as $v) {\n  echo $v;\n}\n');
  assert.equal(r.exitCode, 0);
  const inBody = r.trace.steps.find((st) => st.line === 4);
  assert.ok(inBody, 'a step on the yield line');
  assert.deepEqual(inBody!.frames.map((f) => f.name), ['{main}', 'g']);
  assert.ok(inBody!.frames[1].vars.some((v) => v.name === 'local'));
});
