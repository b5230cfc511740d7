// Placeholder arguments (server/src/sim/placeholders.ts), the one generator behind `--function NAME` / functionName
// and the editor's "Simulate GC" on a function: values from the declared types, labels that say what was made up
// and why, reported on the result, on the trace and in the CLI's JSON, and run by real PHP the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../server/src/sim/simulate.js';
import { runSimulateCli } from '../../server/src/sim/cli.js';
import { describePlaceholders, placeholderCall, type ClassLookup } from '../../server/src/sim/placeholders.js';
import { parsePhp } from '../../server/src/core/parse.js';
import { scratchDir } from '../support/tmp';

const CODE = `<?php
namespace App;
class Repo { public $rows = []; }
class NeedsArgs { function __construct(public int $x) {} }
interface Source {}
abstract class Base {}
function report(int $n, string $s, array $a, Repo $r, ?Repo $maybe, $untyped, NeedsArgs $na, float $f, bool $b, $opt = 5, ...$rest) {
  var_dump($n, $s, $a, $r, $maybe, $untyped, $na, $f, $b, $opt, $rest);
}
function needsSource(Source $src, Base $base) { echo "never\\n"; }
function callbacks(callable $c, \\Closure $k) { var_dump($c(), $k()); }
function append(array &$log) { $log[] = 4; echo count($log), "\\n"; }
echo "top level must not run\\n";
`;

function phpBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v php8.2 || command -v php'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(found, 'php is not installed: run scripts/ensure-php.sh (apt-get install php8.2-cli)');
  return found;
}

test('required parameters get values from their types, labelled with the type; optional ones keep their defaults', () => {
  const r = simulate(CODE, { functionName: 'report', trace: false });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.deepEqual(r.placeholders, [
    { param: 'n', value: '1', why: 'int' },
    { param: 's', value: "'text'", why: 'string' },
    { param: 'a', value: '[1, 2, 3]', why: 'array' },
    { param: 'r', value: 'new \\App\\Repo()', why: 'Repo' },
    { param: 'maybe', value: 'new \\App\\Repo()', why: '?Repo' },
    { param: 'untyped', value: 'null', why: 'untyped' },
    { param: 'na', value: 'new \\App\\NeedsArgs(1)', why: 'NeedsArgs' },
    { param: 'f', value: '1.5', why: 'float' },
    { param: 'b', value: 'true', why: 'bool' },
  ]);
  assert.doesNotMatch(r.stdout, /top level/);
  assert.match(r.stdout, /^int\(1\)\nstring\(4\) "text"\narray\(3\) \{/);
  assert.match(r.stdout, /object\(App\\NeedsArgs\)#3 \(1\) \{\n {2}\["x"\]=>\n {2}int\(1\)\n\}\nfloat\(1\.5\)\nbool\(true\)\nint\(5\)\narray\(0\) \{\n\}\n$/);
});

test('what cannot be made is null, and the label says why', () => {
  const r = simulate(CODE, { functionName: 'needsSource', trace: false });
  assert.deepEqual(r.placeholders, [
    { param: 'src', value: 'null', why: 'Source, no placeholder could be made: null' },
    { param: 'base', value: 'null', why: 'Base, no placeholder could be made: null' },
  ]);
  assert.equal(describePlaceholders(r.placeholders!), '$src = null (Source, no placeholder could be made: null), $base = null (Base, no placeholder could be made: null)');
  // Real PHP refuses null for Source as well: the simulation shows the TypeError rather than pretending.
  assert.match(r.stderr, /TypeError: App\\needsSource\(\): Argument #1 \(\$src\) must be of type App\\Source, null given/);
});

test('callables get a closure; a by-reference parameter is labelled so', () => {
  const cb = simulate(CODE, { functionName: 'callbacks', trace: false });
  assert.deepEqual(cb.placeholders, [{ param: 'c', value: 'fn () => null', why: 'callable' }, { param: 'k', value: 'fn () => null', why: '\\Closure' }]);
  assert.equal(cb.stdout, 'NULL\nNULL\n');
  const ref = simulate(CODE, { functionName: 'append', trace: false });
  assert.deepEqual(ref.placeholders, [{ param: 'log', value: '[1, 2, 3]', why: 'array', byRef: true }]);
  assert.equal(ref.stdout, '4\n');
  assert.equal(describePlaceholders(ref.placeholders!), '$log = [1, 2, 3] by reference (array)');
});

test('for a snippet, a by-reference parameter is bound to a variable assigned first; constructors are filled in turn', () => {
  const { program } = parsePhp('<?php function f(Pair $p, array &$log, self $again, int $times = 3) {}', 't.php');
  const pair = parsePhp('<?php class Pair { function __construct(public Item $a, public ?Item $b) {} }', 't.php').program.children[0];
  const lookup: ClassLookup = (_t, name) => {
    if (/^pair$/i.test(name)) return { code: 'Pair', concrete: true, ctorParams: pair.body[0].arguments };
    if (/^item$/i.test(name)) return { code: 'Item', concrete: true, ctorParams: [] };
    if (/^loop$/i.test(name)) return { code: 'Loop', concrete: true, ctorParams: parsePhp('<?php function g(Loop $next) {}', 't.php').program.children[0].arguments };
    return null;
  };
  const call = placeholderCall(program.children[0].arguments, lookup, { selfClass: 'Loop' });
  assert.equal(call.code, 'new Pair(new Item(), new Item()), $logArg, new Loop(new Loop(new Loop(null)))');
  assert.deepEqual(call.setup, ['$logArg = [1, 2, 3];']);
  assert.equal(describePlaceholders(call.placeholders), '$p = new Pair(new Item(), new Item()) (Pair), $log = [1, 2, 3] by reference (array), $again = new Loop(new Loop(new Loop(null))) (self)');
});

test('the placeholders are on the trace too, and absent when no function was named', () => {
  const r = simulate(CODE, { functionName: 'App\\report' });
  assert.equal(r.trace.placeholders?.length, 9);
  assert.equal(r.trace.placeholders?.[3].value, 'new \\App\\Repo()');
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

test('real PHP called with the same placeholder values prints what the simulation printed', () => {
  const php = phpBinary();
  const dir = scratchDir('memlens-ph-');
  for (const fn of ['report', 'callbacks', 'append']) {
    const r = simulate(CODE, { functionName: fn, trace: false });
    const setup = r.placeholders!.filter((p) => p.byRef).map((p) => `$${p.param}Arg = ${p.value};`).join(' ');
    const args = r.placeholders!.map((p) => (p.byRef ? `$${p.param}Arg` : p.value)).join(', ');
    const file = join(dir, `${fn}.php`);
    writeFileSync(file, CODE.replace('echo "top level must not run\\n";', `${setup} \\App\\${fn}(${args});`));
    const real = spawnSync(php, ['-d', 'opcache.enable_cli=0', file], { encoding: 'utf8' });
    assert.equal(real.status, 0, real.stderr);
    assert.equal(r.stdout, real.stdout, `${fn}(${args})`);
  }
});

test('memlens simulate --function --json carries the placeholders', async () => {
  const dir = scratchDir('memlens-sim-');
  const file = join(dir, 'a.php');
  writeFileSync(file, '<?php function sum(array $xs, int $start) { return $start + count($xs); }\n');
  let stdout = '';
  const status = await runSimulateCli(['simulate', file, '--json', '--function', 'sum'], { stdout: (s) => (stdout += s), stderr: () => {} });
  assert.equal(status, 0);
  const out = JSON.parse(stdout);
  assert.deepEqual(out.placeholders, [{ param: 'xs', value: '[1, 2, 3]', why: 'array' }, { param: 'start', value: '1', why: 'int' }]);
  assert.deepEqual(out.trace.placeholders, out.placeholders);
});
