// The server side of "Simulate GC": what gets simulated for a function, a method, the cursor, a selection or the
// file (placeholders, stubs, line mapping), the code lens, the editor-side lookups, and the real request over LSP.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { capTrace, handleVerify, prepareSnippet, runSimulation } from '../../server/src/lsp/simulate';
import { simulateLenses } from '../../server/src/features/sim';
import { parsePhp } from '../../server/src/core/parse';
import { defaultSettings } from '../../server/src/config';
import { Commands, Requests, type SimulateResult } from '../../server/src/protocol';
import { adaptTrace } from '../../client/webview/adapt';
import { describeVariable, stepForLine, stepsByLine } from '../../client/src/simulateLines';
import { LspClient } from '../support/lspClient';
import { CYCLE_SOURCE } from './traces';

const FILE = `<?php
class Node {
    public $next;
    public function __construct(public string $name) {}
    public function link(Node $other, array &$log, int $times = 3): ?int {
        $this->next = $other;
        $other->next = $this;
        $log[] = strlen($this->name);
        return mystery(count($log));
    }
    public static function pair(): void {
        $a = new Node('a');
        $b = new Node('b');
        $log = [];
        $a->link($b, $log);
    }
}
abstract class Shape { abstract public function area(): float; }
interface Named { public function name(): string; }
function build(int $n, ?Node $seed, $anything) {
    $a = new Node('a');
    $b = new Node('b');
    $a->next = $b;
    $b->next = $a;
    unset($a, $b);
    return gc_collect_cycles();
}
echo build(2, null, 0), "\\n";
`;
const doc = { text: FILE, fileName: '/work/app/demo.php' };
const lineOf = (needle: string) => FILE.slice(0, FILE.indexOf(needle)).split('\n').length;

describe('what "Simulate GC" simulates', () => {
  it('calls a function with placeholder arguments made from its parameter types, and says so', () => {
    const p = prepareSnippet(doc, { kind: 'function', name: 'build' });
    assert.equal(p.error, undefined);
    assert.equal(p.title, 'build()');
    assert.match(p.source, /^build\(1, new Node\('text'\), null\);$/m);
    assert.match(p.notes[0], /placeholder arguments, not your real data: \$n = 1 \(int\), \$seed = new Node\('text'\) \(\?Node\), \$anything = null \(untyped\)/);
    assert.ok(p.notes.some((n) => /runs var_dump\(gc_collect_cycles\(\)\)/.test(n)));
    assert.ok(!p.notes.some((n) => /stubs/.test(n)) && !/function_exists/.test(p.source), 'build() never reaches mystery(): no stub, no note');
    assert.match(prepareSnippet(doc, { kind: 'function', name: 'Node::pair' }).source, /function_exists\('mystery'\)/, 'pair() reaches mystery() through link()');
    assert.match(p.source, /^var_dump\(gc_collect_cycles\(\)\);$/m);
    // Lines copied from the file keep their file line numbers; lines MemLens wrote map to 0.
    const lines = p.source.split('\n');
    const at = lines.findIndex((l) => l.startsWith('function build'));
    assert.equal(p.lineMap![at], lineOf('function build'));
    assert.equal(p.lineMap![lines.findIndex((l) => l.startsWith('build(1'))], 0);
    const r = runSimulation(doc, { target: { kind: 'function', name: 'build' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.ok(r.trace.steps.length > 5);
    assert.equal(r.trace.steps[r.trace.steps.length - 1].gcStatus.collected, 2, 'the cycle built inside build() is collected');
    assert.equal(r.stdout, 'int(0)\n', 'build() collected its own cycle, so the collector finds nothing after the call');
  });

  it('makes an instance for a method (constructor placeholders), binds by-reference parameters to a variable, stubs unknown functions', () => {
    const p = prepareSnippet(doc, { kind: 'function', name: 'Node::link' });
    assert.match(p.source, /^\$logArg = \[1, 2, 3\];$/m);
    assert.match(p.source, /^\$object = new Node\('text'\);$/m);
    assert.match(p.source, /^\$object->link\(new Node\('text'\), \$logArg\);$/m, 'the defaulted $times is left to its default');
    assert.match(p.source, /^if \(!function_exists\('mystery'\)\) \{ function mystery\(\.\.\.\$args\) \{ return null; \} \}/m);
    assert.ok(p.notes.some((n) => /mystery\(\) is not known to the simulator and returns null/.test(n)), p.notes.join('\n'));
    assert.ok(p.notes.some((n) => /constructor placeholders \$name = 'text'/.test(n)), p.notes.join('\n'));
    const r = runSimulation(doc, { target: { kind: 'function', name: 'link' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stopped, undefined);
  });

  it('fills self-typed parameters, and by-reference constructor parameters of placeholder objects, with variables set first', () => {
    const text = '<?php\nclass Chain {\n    public function __construct(array &$seen) {}\n    public function then(self $next): self { return $next; }\n}\n';
    const p = prepareSnippet({ text, fileName: '/w/chain.php' }, { kind: 'function', name: 'Chain::then' });
    assert.equal(p.error, undefined);
    const call = p.source.split('\n').slice(p.source.split('\n').indexOf('// MemLens: call the target with placeholder arguments'));
    assert.deepEqual(call.slice(1, 5), ['$seenArg = [1, 2, 3];', '$seenArg = [1, 2, 3];', '$object = new Chain($seenArg);', '$object->then(new Chain($seenArg));']);
    assert.match(p.notes[0], /\$next = new Chain\(\$seenArg\) \(self\)/);
    assert.ok(p.notes.some((n) => /constructor placeholders \$seen = \[1, 2, 3\] by reference \(array\)/.test(n)), p.notes.join('\n'));
    const r = runSimulation({ text, fileName: '/w/chain.php' }, { target: { kind: 'function', name: 'Chain::then' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'int(0)\n');
  });

  it('calls static methods on the class, and refuses abstract methods and interfaces with a reason', () => {
    assert.match(prepareSnippet(doc, { kind: 'function', name: 'Node::pair' }).source, /^Node::pair\(\);$/m);
    assert.match(prepareSnippet(doc, { kind: 'function', name: 'Shape::area' }).error ?? '', /abstract/);
    assert.match(prepareSnippet(doc, { kind: 'function', name: 'nope' }).error ?? '', /No function or method named nope/);
    const r = runSimulation(doc, { target: { kind: 'function', name: 'Named::name' } }, { opcache: false });
    assert.equal(r.trace.steps.length, 0);
    assert.match(r.stopped ?? '', /abstract|interface/);
  });

  it('simulates the function or method around the cursor, or the whole file outside any', () => {
    assert.equal(prepareSnippet(doc, { kind: 'cursor', offset: FILE.indexOf('gc_collect_cycles') }).title, 'build()');
    assert.equal(prepareSnippet(doc, { kind: 'cursor', offset: FILE.indexOf('$other->next') }).title, 'Node::link()');
    const whole = prepareSnippet(doc, { kind: 'cursor', offset: FILE.indexOf('echo build') });
    assert.equal(whole.title, 'demo.php');
    // The file runs as it is; the stubs sit on the line of the opening tag so every line keeps its number.
    assert.deepEqual(whole.source.split('\n').slice(1), FILE.split('\n').slice(1));
    assert.match(whole.source.split('\n')[0], /^<\?php if \(!function_exists\('mystery'\)\) \{ function mystery\(\.\.\.\$args\) \{ return null; \} \}$/);
    assert.equal(whole.lineMap, undefined);
    const r = runSimulation(doc, { target: { kind: 'file' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, '2\n');
  });

  it('runs on the bytes PHP reads (UTF-8): lengths and memory as real PHP has them, strings shown as text', () => {
    // The editor's text is UTF-16: run as it was, strlen('é') was 1 and a string of 1,000 é cost 1,000 bytes.
    const text = `<?php
$word = 'héllo wörld ☃';
$big = str_repeat('é', 1000);
$before = memory_get_usage();
$copy = $big . '!';
echo strlen($word), ' ', $word, ' ', memory_get_usage() - $before, ' ', strtoupper($word), "\n";
echo ucfirst('élan'), ' ', substr($word, 0, 2), "|\n";
`;
    const r = runSimulation({ text, fileName: '/w/utf8.php' }, { target: { kind: 'file' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'memlens-utf8-'));
    try {
      const file = join(dir, 'utf8.php');
      writeFileSync(file, text);
      const php = spawnSync('php', ['-d', 'opcache.enable_cli=0', file], { encoding: 'utf8' });
      assert.equal(php.status, 0, php.stderr);
      assert.equal(r.stdout, php.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(r.stdout, /^17 héllo wörld ☃ 2\d\d\d HéLLO WöRLD ☃\n/);
    const last = r.trace.steps[r.trace.steps.length - 1];
    // The literal (interned) and the made string (on the heap, its label shortened with the simulator's own …).
    assert.deepEqual(last.frames[0].vars.find((v) => v.name === 'word')?.value, { t: 'istring', v: 'héllo wörld ☃' });
    assert.ok(last.heap.some((n) => n.kind === 'string' && /^(é)+…$/.test(n.label)), JSON.stringify(last.heap.map((n) => n.label)));
    assert.equal(last.stdoutLength, r.trace.stdout.length);
    assert.equal(r.trace.stdout, r.stdout);
  });

  it('simulates a selection with the file’s declarations, mapping lines back to the file', () => {
    const start = FILE.indexOf('echo build');
    const p = prepareSnippet(doc, { kind: 'selection', start, end: FILE.length });
    assert.equal(p.title, `demo.php lines ${lineOf('echo build')}–${lineOf('echo build')}`);
    const lines = p.source.split('\n');
    assert.equal(p.lineMap![lines.findIndex((l) => l.startsWith('echo build'))], lineOf('echo build'));
    const r = runSimulation(doc, { target: { kind: 'selection', start, end: FILE.length } }, { opcache: false });
    assert.equal(r.stdout, '2\n');
  });

  it('keeps the namespace and imports of a namespaced file, for the file and for one function', () => {
    const text = '<?php\nnamespace App\\Model;\nuse Foo\\Bar;\nclass A { public $self; }\nfunction leak(): void {\n    $a = new A();\n    $a->self = $a;\n    echo get_class($a), "\\n";\n    helper();\n}\nleak();\necho gc_collect_cycles(), "\\n";\n';
    const file = runSimulation({ text, fileName: 'ns.php' }, { target: { kind: 'file' } }, { opcache: false });
    assert.equal(file.exitCode, 0, file.stderr);
    assert.equal(file.stdout, 'App\\Model\\A\n1\n');
    assert.match(file.source.split('\n')[1], /^namespace App\\Model; if \(!function_exists\('helper'\)\)/, 'stubs follow the namespace declaration');
    const fn = prepareSnippet({ text, fileName: 'ns.php' }, { kind: 'function', name: 'leak' });
    const lines = fn.source.split('\n');
    assert.equal(lines[1], 'namespace App\\Model;');
    assert.equal(lines[2], 'use Foo\\Bar;');
    assert.equal(fn.lineMap![2], 3, 'the import keeps its file line');
    const r = runSimulation({ text, fileName: 'ns.php' }, { target: { kind: 'function', name: 'leak' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'App\\Model\\A\nint(1)\n');
  });

  it('reports code outside the supported subset with the file line, never a silent guess', () => {
    const text = '<?php\n\n$x = 1;\ngoto end;\nend:\necho $x;\n';
    const r = runSimulation({ text, fileName: 'g.php' }, { target: { kind: 'file' } }, { opcache: false });
    assert.equal(r.exitCode, 3);
    assert.match(r.stopped ?? '', /^Stopped at line 4: /);
  });

  it('caps heap snapshots for transport and marks the trace truncated', () => {
    const r = runSimulation({ text: '<?php\n$a = [];\nfor ($i = 0; $i < 600; $i++) { $a[] = new stdClass(); }\necho count($a);\n', fileName: 'big.php' }, { target: { kind: 'file' } }, { opcache: false });
    assert.equal(r.exitCode, 0, r.stderr);
    const biggest = Math.max(...r.trace.steps.map((s) => s.heap.length));
    assert.ok(biggest <= 400, `a step still has ${biggest} values`);
    assert.equal(r.trace.truncated, true);
    const small = capTrace({ version: 1, opcache: false, steps: [], stdout: '', truncated: false });
    assert.equal(small.truncated, false);
  });
});

describe('"Verify with real PHP" on the server', () => {
  it('runs the simulated snippet in PHP 8.2 compiled to WebAssembly and returns what it printed', async () => {
    const r = await handleVerify({ source: CYCLE_SOURCE });
    assert.equal(r.error, undefined);
    assert.equal(r.engine, 'PHP 8.2 in WebAssembly');
    assert.equal(r.real, 'int(2)\n', 'real PHP agrees with the simulation on the two-node cycle');
  });

  it('real PHP reads the editor\'s text as the bytes of a UTF-8 file, on WebAssembly and on a php binary', async () => {
    // Both engines took the editor's text as it was: the binary got ☃ cut to one byte, WebAssembly doubled bytes.
    const source = `<?php\n$w = 'héllo ☃';\necho strlen($w), ' ', $w, ' ', strtoupper($w), "\\n";\n`;
    const sim = runSimulation({ text: source, fileName: '/w/u.php' }, { target: { kind: 'file' } }, { opcache: false });
    assert.equal(sim.stdout, '10 héllo ☃ HéLLO ☃\n');
    const wasm = await handleVerify({ source });
    assert.equal(wasm.error, undefined);
    assert.equal(wasm.real, sim.stdout);
    const php = spawnSync('sh', ['-c', 'command -v php8.2 || command -v php'], { encoding: 'utf8' }).stdout.trim();
    assert.ok(php, 'php is not installed: run scripts/ensure-php.sh');
    const binary = await handleVerify({ source }, php);
    assert.equal(binary.error, undefined);
    assert.equal(binary.real, sim.stdout);
  });

  it('real PHP prints what the simulation printed for a method that leaves a cycle behind', async () => {
    const sim = runSimulation(doc, { target: { kind: 'function', name: 'Node::pair' } }, { opcache: false });
    assert.equal(sim.exitCode, 0, sim.stderr);
    assert.equal(sim.stdout, 'int(2)\n');
    const real = await handleVerify({ source: sim.source });
    assert.equal(real.error, undefined);
    assert.equal(real.real, sim.stdout);
  });

  it('says why it cannot run instead of failing silently', async () => {
    assert.match((await handleVerify({ source: CYCLE_SOURCE, opcache: true })).error ?? '', /cannot enable opcache/);
    assert.match((await handleVerify({ source: '<?php echo 1;' }, '/nonexistent/php')).error ?? '', /ENOENT/);
  });

  it('runs only the php binary of the server\'s settings, whatever the request says', async () => {
    const r = await handleVerify({ source: '<?php echo 1;', phpPath: '/nonexistent/php' } as any, null);
    assert.doesNotMatch(r.error ?? '', /ENOENT|nonexistent/);
  });
});

describe('"Simulate GC" code lens', () => {
  it('sits on every function and method with a body, and passes the function to the command', () => {
    const lenses = simulateLenses({
      text: FILE, fileName: '/work/app/demo.php', language: 'php', settings: defaultSettings,
      statements: () => parsePhp(FILE).program.children,
    });
    assert.deepEqual(lenses.map((l) => (l.arguments![0] as any).name), ['Node::__construct', 'Node::link', 'Node::pair', 'build']);
    for (const l of lenses) {
      assert.equal(l.command, Commands.simulate);
      assert.equal(l.title, 'Simulate GC');
      assert.equal((l.arguments![0] as any).fileName, '/work/app/demo.php');
    }
    assert.equal(FILE.slice(lenses[3].start, lenses[3].start + 14), 'function build');
    assert.deepEqual(simulateLenses({ text: 'x=1', fileName: 'php.ini', language: 'ini', settings: defaultSettings, statements: () => [] }), []);
  });
});

describe('editor hovers and inlay hints read the trace', () => {
  it('finds the state a line left behind and what a variable held there', () => {
    const r = runSimulation({ text: CYCLE_SOURCE, fileName: 'cycle.php' }, { target: { kind: 'file' } }, { opcache: false });
    const trace = adaptTrace(r.trace, { source: r.source, lineMap: r.lineMap, title: r.title, notes: r.notes });
    const byLine = stepsByLine(trace);
    const afterLine6 = stepForLine(trace, byLine, 6, undefined)!;
    assert.deepEqual(describeVariable(trace.steps[afterLine6], 'a'), {
      name: 'a', short: 'rc 2', refcount: 2, long: '`$a` → `Node #1`, refcount **2** (56 B)',
    });
    const afterLine7 = stepForLine(trace, byLine, 7, undefined)!;
    assert.equal(describeVariable(trace.steps[afterLine7], 'a'), null, '$a is unset after line 7');
    assert.match(describeVariable(trace.steps[afterLine7], 'b')!.long, /Node #2`, refcount \*\*2\*\*/);
    assert.equal(stepForLine(trace, byLine, 1, undefined), undefined, 'no statement ran on line 1');
  });
});

describe('memlens/simulate over LSP (the bundled server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-sim-lsp-'));
  const client = new LspClient(process.execPath, [join(__dirname, '../../dist/server.js'), '--stdio']);
  after(async () => {
    await client.shutdown().catch(() => client.kill());
    rmSync(dir, { recursive: true, force: true });
  });

  it('simulates an open document and returns the trace', async () => {
    await client.initialize(pathToFileURL(dir).toString(), { workspace: { configuration: true } });
    const uri = pathToFileURL(join(dir, 'cycle.php')).toString();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version: 1, text: CYCLE_SOURCE } });
    const r = await client.request<SimulateResult>(Requests.simulate, { uri, target: { kind: 'cursor', offset: 0 } });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'int(2)\n');
    assert.equal(r.title, 'cycle.php');
    const last = r.trace.steps[r.trace.steps.length - 1];
    assert.equal(last.gcStatus.collected, 2);
    assert.ok(r.trace.steps.some((s) => s.gc?.some((g) => g.phases.some((p) => p.phase === 'mark'))));
    const lenses = await client.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.filter((l) => l.command?.command === Commands.simulate).length, 0, 'the cycle file has no functions');
    const missing = await client.request<SimulateResult>(Requests.simulate, { uri: 'file:///nowhere.php', target: { kind: 'file' } });
    assert.match(missing.stopped ?? '', /not open/);
  });
});
