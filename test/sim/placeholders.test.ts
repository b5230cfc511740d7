// `--function NAME` / functionName on functions with parameters: placeholder arguments from the declared types,
// reported on the result, on the trace and in the CLI's JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../server/src/sim/simulate.js';
import { runSimulateCli } from '../../server/src/sim/cli.js';

const CODE = `<?php
namespace App;
class Repo { public $rows = []; }
class NeedsArgs { function __construct($x) {} }
interface Source {}
function report(int $n, string $s, array $a, Repo $r, ?Repo $maybe, $untyped, NeedsArgs $na, Source $src, float $f, bool $b, $opt = 5, ...$rest) {
  var_dump($n, $s, $a, $r, $maybe, $untyped, $na, $src, $f, $b, $opt, $rest);
}
echo "top level must not run\\n";
`;

test('required parameters get placeholders from their types; optional ones keep their defaults', () => {
  const r = simulate(CODE, { functionName: 'report', trace: false });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.deepEqual(r.placeholders, [
    { param: 'n', value: '0' },
    { param: 's', value: "''" },
    { param: 'a', value: '[]' },
    { param: 'r', value: 'new App\\Repo()' },
    { param: 'maybe', value: 'null' },
    { param: 'untyped', value: 'null' },
    { param: 'na', value: 'null' },
    { param: 'src', value: 'null' },
    { param: 'f', value: '0.0' },
    { param: 'b', value: 'false' },
  ]);
  assert.doesNotMatch(r.stdout, /top level/);
  assert.match(r.stdout, /^int\(0\)\nstring\(0\) ""\narray\(0\) \{\n\}\nobject\(App\\Repo\)#1 \(1\) \{/);
  assert.match(r.stdout, /float\(0\)\nbool\(false\)\nint\(5\)\narray\(0\) \{\n\}\n$/);
});

test('the placeholders are on the trace too, and absent when no function was named', () => {
  const r = simulate(CODE, { functionName: 'App\\report' });
  assert.equal(r.trace.placeholders?.length, 10);
  assert.equal(r.trace.placeholders?.[3].value, 'new App\\Repo()');
  const whole = simulate(CODE, { trace: true });
  assert.equal(whole.placeholders, undefined);
  assert.equal(whole.trace.placeholders, undefined);
});

test('a function without parameters reports an empty list', () => {
  const r = simulate('<?php function f() { echo "in f\\n"; }', { functionName: 'f', trace: false });
  assert.equal(r.stdout, 'in f\n');
  assert.deepEqual(r.placeholders, []);
});

test('the placeholder object is a real simulated object: its destructor runs when the call ends', () => {
  const code = '<?php class T { function __destruct() { echo "T gone\\n"; } }\nfunction use_it(T $t) { echo "using\\n"; }\n';
  const r = simulate(code, { functionName: 'use_it', trace: false });
  assert.equal(r.stdout, 'using\nT gone\n');
});

test('memlens simulate --function --json carries the placeholders', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-sim-'));
  const file = join(dir, 'a.php');
  writeFileSync(file, '<?php function sum(array $xs, int $start) { return $start + count($xs); }\n');
  let stdout = '';
  const status = await runSimulateCli(['simulate', file, '--json', '--function', 'sum'], { stdout: (s) => (stdout += s), stderr: () => {} });
  assert.equal(status, 0);
  const out = JSON.parse(stdout);
  assert.deepEqual(out.placeholders, [{ param: 'xs', value: '[]' }, { param: 'start', value: '0' }]);
  assert.deepEqual(out.trace.placeholders, out.placeholders);
});
