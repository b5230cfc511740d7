// Guards, unsupported code, unparsable input, the CLI contract and the trace shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { simulate } from '../../server/src/sim/simulate.js';
import { runSimulateCli } from '../../server/src/sim/cli.js';
import { scratchDir } from '../support/tmp';

async function cli(code: string | null, ...flags: string[]) {
  const dir = scratchDir('memlens-sim-');
  const file = join(dir, 'a.php');
  if (code !== null) writeFileSync(file, code);
  let stdout = '';
  let stderr = '';
  const status = await runSimulateCli(['simulate', file, ...flags], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}

test('an infinite loop stops at the step guard with exit 4 and keeps the output so far', async () => {
  const r = await cli('<?php\necho "start\\n";\nwhile (true) { $i = 1; }\n', '--stdout', '--max-steps', '1000');
  assert.equal(r.status, 4);
  assert.equal(r.stdout, 'start\n');
  assert.match(r.stderr, /step limit of 1000/);
});

test('deep recursion stops at the recursion guard', () => {
  const r = simulate('<?php function f($n) { return f($n + 1); } f(0);', { maxDepth: 200, trace: false });
  assert.equal(r.exitCode, 4);
  assert.match(r.guard!, /recursion depth limit of 200/);
});

test('a huge allocation stops at the simulated memory limit', () => {
  const r = simulate('<?php echo "a\\n"; $s = str_repeat("x", 50000000);', { maxMemory: 1024 * 1024, trace: false });
  assert.equal(r.exitCode, 4);
  assert.equal(r.stdout, 'a\n');
  assert.match(r.guard!, /memory limit/);
});

test('a string too long for memory stops at the memory limit before it is made, at any limit', () => {
  // str_repeat and str_pad made the JavaScript string first: past V8's longest string the simulator threw.
  for (const code of ['str_repeat("x", 2000000000)', 'str_pad("x", 1000000000)', 'str_repeat("abc", 700000000)']) {
    const r = simulate(`<?php echo "a\\n"; $s = ${code};`, { trace: false });
    assert.equal(r.exitCode, 4, code);
    assert.equal(r.stdout, 'a\n', code);
    assert.match(r.guard!, /memory limit of 134217728 bytes exhausted \(tried to allocate \d+ bytes\)/, code);
    const unlimited = simulate(`<?php $s = ${code};`, { maxMemory: 8 * 1024 ** 3, trace: false });
    assert.equal(unlimited.exitCode, 3, `${code}: ${unlimited.stderr}`);
    assert.match(unlimited.stderr, /more than the simulator can hold/);
  }
});

test('code outside the subset exits 3 with its line on stderr, never guessed', async () => {
  const r = await cli('<?php\necho 1;\n\ngoto end;\nend: echo 2;\n', '--stdout');
  assert.equal(r.status, 3);
  assert.match(r.stderr, /a\.php:4: outside the supported subset: .*goto/);
  const cases: [string, number, RegExp][] = [
    ['<?php\n$x = 1;\ninclude "lib.php";\n', 3, /include/],
    ['<?php\n$x = 1;\nrequire_once __DIR__ . "/lib.php";\n', 3, /include/],
    ['<?php\n$x = 1;\nset_error_handler(fn () => true);\n', 3, /set_error_handler/],
    // A yield nested in another expression, a finally block or a switch cannot be suspended by the simulator.
    ['<?php\nfunction g() {\n  echo strlen(yield 1);\n}\nforeach (g() as $v) {}\n', 3, /yield inside/],
    ['<?php\nfunction g() {\n  try { echo 1; } finally { yield 2; }\n}\nforeach (g() as $v) {}\n', 3, /yield inside finally/],
    ['<?php\nfunction g() {\n  switch (1) { case 1: yield 2; }\n}\nforeach (g() as $v) {}\n', 3, /yield inside switch/],
  ];
  for (const [code, line, what] of cases) {
    const c = simulate(code, { trace: false });
    assert.equal(c.exitCode, 3, code);
    assert.equal(c.unsupported!.line, line, code);
    assert.match(c.unsupported!.message, what);
  }
  const u = simulate('<?php\n$x = 1;\n$y = md5("a");\n', { trace: false });
  assert.equal(u.exitCode, 3);
  assert.equal(u.unsupported!.line, 3);
});

test('unparsable and unreadable input exit 2', async () => {
  const r = await cli('<?php\n$x = ;\n', '--stdout');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /line 2/);
  const missing = await cli(null, '--stdout');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
  const usage = await cli('<?php', '--stdout', '--json');
  assert.equal(usage.status, 2);
});

test('--json prints the trace with stable node ids, roots and GC phases', async () => {
  const r = await cli('<?php\n$a = new stdClass;\n$b = new stdClass;\n$a->b = $b; $b->a = $a;\nunset($a, $b);\ngc_collect_cycles();\necho "done\\n";\n', '--json');
  assert.equal(r.status, 0);
  const j = JSON.parse(r.stdout);
  const steps = j.trace.steps;
  assert.ok(steps.length >= 6);
  const before = steps.find((s: any) => s.line === 6);
  assert.equal(before.roots.length, 2, 'both objects are purple roots after unset');
  assert.ok(before.heap.every((n: any) => n.kind === 'object' && n.refcount === 1 && n.color === 'purple'));
  const ids = before.heap.map((n: any) => n.id).sort();
  const first = steps.find((s: any) => s.line === 4);
  assert.deepEqual(first.heap.map((n: any) => n.id).sort(), ids, 'node ids are stable across steps');
  const gcStep = steps.find((s: any) => s.gc);
  const run = gcStep.gc[0];
  assert.equal(run.collected, 2);
  assert.deepEqual(run.phases.map((p: any) => p.phase), ['mark', 'scan', 'collect', 'free']);
  assert.ok(run.phases[1].colors.every(([, c]: any) => c === 'white'));
  assert.equal(j.trace.stdout, 'done\n');
  assert.equal(steps[steps.length - 1].phase, 'end');
});

test('--function simulates one function of the file', async () => {
  const r = await cli('<?php\nfunction f() { echo "in f\\n"; }\necho "top\\n";\n', '--stdout', '--function', 'f');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'in f\n');
});

test('--opcache switches to immutable literal arrays', async () => {
  const off = await cli('<?php $a = [1, 2]; debug_zval_dump($a);', '--stdout');
  const on = await cli('<?php $a = [1, 2]; debug_zval_dump($a);', '--stdout', '--opcache');
  assert.match(off.stdout, /array\(2\) refcount\(3\)\{/);
  assert.match(on.stdout, /array\(2\) interned \{/);
});

test('memlens simulate prints the bytes PHP prints for a UTF-8 file (and text in its JSON)', async () => {
  // The file is read as bytes, as PHP reads it: written back as UTF-8 text, each é came out as two characters.
  const code = '<?php\n$w = "héllo ☃";\necho strlen($w), " ", $w, " ", strtoupper($w), " ", chr(200), "\\n";\n';
  const dir = scratchDir('memlens-sim-bytes-');
  const file = join(dir, 'u.php');
  writeFileSync(file, code);
  const php = spawnSync('php', [file]);
  assert.equal(php.status, 0, String(php.stderr));
  const ours = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'simulate', file, '--stdout']);
  assert.equal(ours.status, 0, String(ours.stderr));
  assert.deepEqual(ours.stdout, php.stdout);
  // In process without a byte channel, and in the JSON trace: the same output as text.
  const text = await cli(code, '--stdout');
  assert.equal(text.stdout, '10 héllo ☃ HéLLO ☃ \ufffd\n');
  const json = JSON.parse((await cli(code, '--json')).stdout);
  assert.equal(json.trace.stdout, '10 héllo ☃ HéLLO ☃ \ufffd\n');
  assert.ok(json.trace.steps.some((s: any) => s.frames[0].vars.some((v: any) => v.value.v === 'héllo ☃')));
});
