// Uncaught type errors: the simulator logs what php8.2-cli logs on stderr (display_errors=Off, the Debian php.ini):
// "PHP Fatal error:  Uncaught TypeError: ... and defined in FILE:LINE", the stack trace with each frame's call line
// and "thrown in". Stdout equality for type checks is covered by the oracle corpus (types-* snippets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../server/src/sim/simulate.js';
// @ts-ignore plain ESM helper shared with scripts/oracle-regen.mjs
import { runRealPhp } from '../oracle/oracle-lib.mjs';
import { scratchDir } from '../support/tmp';

const CASES: Record<string, string> = {
  'argument-in-method': `<?php
class Repo { function find(int $id) { return $id; } static function get($id) { return (new Repo)->find($id); } }
function outer($v) { return Repo::get($v); }
echo "start\\n";
$f = function ($v) { return outer($v); };
$f("abc");
`,
  'return-value': `<?php
declare(strict_types=1);
function total(array $xs): int {
  return array_sum($xs) / 2;
}
echo total([2, 4]), "\\n";
echo total([1, 2]), "\\n";
`,
  'typed-property': `<?php
class Box { public int $n = 0; }
$b = new Box;
$b->n = "12";
echo $b->n, "\\n";
$b->n = "twelve";
`,
  'callback-run-by-a-built-in': `<?php
function check(int $n) { return $n * 2; }
echo "start\n";
$r = array_map(function ($v) {
  return check($v);
}, [1, 'x']);
`,
  'too-few-and-previous': `<?php
function need($a, $b) {}
try { need(1); } catch (ArgumentCountError $e) { echo get_class($e), "\\n"; }
throw new RuntimeException("outer", 2, new LogicException("inner"));
`,
};

for (const [name, code] of Object.entries(CASES)) {
  test(`uncaught error output equals php8.2: ${name}`, () => {
    const dir = scratchDir('memlens-types-');
    const file = join(dir, `${name}.php`);
    writeFileSync(file, code);
    let real: { stdout: string; stderr: string; status: number };
    try {
      real = runRealPhp(file, false);
    } catch (e) {
      assert.fail(`php is not installed (${e}): run scripts/ensure-php.sh (needs php8.2-cli)`);
    }
    const sim = simulate(code, { trace: false, file });
    assert.equal(sim.exitCode, 0, sim.stderr);
    assert.equal(sim.stdout, real.stdout);
    const fatal = (s: string) => s.slice(s.indexOf('PHP Fatal error:'));
    assert.ok(real.stderr.includes('PHP Fatal error:  Uncaught'), real.stderr);
    assert.equal(fatal(sim.stderr), fatal(real.stderr));
  });
}
