// The bundled server (dist/server.js, built by `node esbuild.mjs` / scripts/test.mjs) under conditions an editor
// creates over hours: cancelled requests, edits arriving faster than analysis, one file whose analysis goes wrong
// among healthy ones, and settings the server cannot use. Each test drives real stdio JSON-RPC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient, type Message } from '../support/lspClient';
import { PhpDocument } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';
import { LineTable } from '../../server/src/lsp/positions';
import { scratchDir } from '../support/tmp';

const root = join(__dirname, '..', '..');
const server = join(root, 'dist', 'server.js');
const dir = scratchDir('memlens-reliability-');
const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();
let client: LspClient;

const CYCLE = '<?php\nfunction make() {\n    $o = new stdClass;\n    $o->self = $o;\n    return $o;\n}\n';

function publishes(uri: string): Message[] {
  return client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
}

function open(uri: string, text: string, version = 1): Promise<Message> {
  const waiting = client.diagnosticsFor(uri, version);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version, text } });
  return waiting;
}

before(async () => {
  assert.ok(existsSync(server), `${server} is missing: build with \`node esbuild.mjs\``);
  client = new LspClient(process.execPath, [server, '--stdio']);
  await client.initialize(pathToFileURL(dir).toString(), { workspace: { configuration: true }, window: { workDoneProgress: false } });
});

after(() => client?.kill());

test('a request cancelled before it runs is answered with RequestCancelled, and the server keeps answering', async () => {
  const uri = uriOf('cancel.php');
  await open(uri, CYCLE);
  // Request and cancellation leave in one write burst: the cancellation reaches the server while the request waits
  // in its queue, so it must not run.
  const ids: number[] = [];
  const cancelled = [0, 1, 2].map(() => {
    ids.push((client as any).nextId as number);
    return client.request('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, context: { diagnostics: [] },
    }, 20_000).then(() => 'answered', (e: Error) => e.message);
  });
  for (const id of ids) client.notify('$/cancelRequest', { id });
  const outcomes = await Promise.all(cancelled);
  for (const o of outcomes) assert.match(o, /-32800|cancel/i, `a request cancelled while queued must not run: ${o}`);
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } });
  assert.ok(hover === null || typeof hover === 'object', 'later requests are still served');
});

test('simulating a runaway loop answers promptly and does not freeze the server', async () => {
  // Its own server: while this is broken, the request blocks every other message for minutes.
  const own = new LspClient(process.execPath, [server, '--stdio']);
  try {
    await own.initialize(null, {});
    const uri = uriOf('runaway.php');
    const opened = own.diagnosticsFor(uri, 1);
    own.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version: 1, text: '<?php\n$a = [];\nwhile (true) { $a[] = 1; unset($a[0]); }\n' } });
    await opened;
    const started = performance.now();
    const result = await own.request('memlens/simulate', { uri, target: { kind: 'file' } }, 20_000);
    assert.equal(result.exitCode, 4);
    assert.match(result.stopped, /step limit/);
    const size = JSON.stringify(result).length;
    assert.ok(size < 20 * 1024 * 1024, `the response is ${(size / 1048576).toFixed(0)} MB`);
    assert.ok(performance.now() - started < 20_000);
  } finally {
    own.kill();
  }
});

test('under a stream of edits, publications never go back to an older version and each matches its text', async () => {
  const uri = uriOf('stream.php');
  let text = CYCLE;
  await open(uri, text);
  const texts = new Map<number, string>([[1, text]]);
  let version = 1;
  // Deterministic pseudo-random pauses: some edits coalesce, some get analysed and published.
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 120; i++) {
    version++;
    const lines = new LineTable(text);
    const at = Math.floor(next() * text.length);
    const remove = next() < 0.4 ? Math.min(text.length - at, Math.floor(next() * 6)) : 0;
    const insert = ['$o->self = $o;\n', ' ', '\n', '{', '}', ';', 'x', '$x = new stdClass;\n', ''][Math.floor(next() * 9)];
    text = text.slice(0, at) + insert + text.slice(at + remove);
    texts.set(version, text);
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: lines.range(at, at + remove), text: insert }] });
    if (next() < 0.3) await new Promise((r) => setTimeout(r, Math.floor(next() * 80)));
  }
  const last = await client.diagnosticsFor(uri, version, 30_000);
  const seen = publishes(uri).map((m) => m.params.version as number);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `published version ${seen[i]} after ${seen[i - 1]}`);
  assert.ok(seen.length > 2 && seen.length < 120, `edits were coalesced yet some intermediate versions published (${seen.length})`);
  // Each publication describes exactly the text of its version.
  for (const m of publishes(uri)) {
    const t = texts.get(m.params.version)!;
    const expected = new PhpDocument(t, join(dir, 'stream.php')).findings(defaultSettings);
    const got = (m.params.diagnostics as any[]).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort();
    const table = new LineTable(t);
    const want = expected.map((f) => { const p = table.position(f.start); return `${f.rule}@${p.line}:${p.character}`; }).sort();
    assert.deepEqual(got, want, `diagnostics of version ${m.params.version}`);
  }
  assert.equal(last.params.version, version);
});

test('a file whose analysis goes wrong gets its own diagnostic; the other files are still analysed', async () => {
  // Inputs the fuzzer found hard: nesting deeper than the parser's recursion, a 5 MB line, binary garbage, half a
  // surrogate pair. None may take the server down or stop other files' diagnostics.
  const hostile = [
    ['deep.php', '<?php $a = ' + '['.repeat(100_000) + ']'.repeat(100_000) + ';'],
    ['huge.php', '<?php $s = "' + 'x'.repeat(5 * 1024 * 1024) + '";'],
    ['binary.php', '<?php \u0000\u0001\u0002\uFFFD\uD800 $a = ' + '\u0000'.repeat(1000)],
    ['surrogate.php', '<?php\n$a = "\uD83D";\n$b = new stdClass;\n$b->me = $b;\n'],
  ];
  for (const [name, text] of hostile) {
    const { params } = await open(uriOf(name), text);
    assert.ok(Array.isArray(params.diagnostics), name);
  }
  const healthy = uriOf('healthy.php');
  const { params } = await open(healthy, CYCLE);
  assert.deepEqual(params.diagnostics.map((d: any) => d.code), ['memory.selfReference'], 'a healthy file opened after the hostile ones is analysed');
  const surrogate = publishes(uriOf('surrogate.php')).at(-1)!;
  assert.ok(surrogate.params.diagnostics.some((d: any) => d.code === 'memory.selfReference'), 'a lone surrogate does not hide findings after it');
  const huge = publishes(uriOf('huge.php')).at(-1)!;
  assert.match(huge.params.diagnostics[0]?.message ?? '', /Not analysed/, 'a file over the size limit says so');
});

test('settings the server cannot use are reported once, clearly, and the rest still applies', async () => {
  const problems = client.waitFor((m) => m.method === 'memlens/configProblems', 10_000);
  const logged = client.waitFor((m) => m.method === 'window/logMessage' && /settings/i.test(m.params.message), 10_000);
  client.configuration = { php: { version: '7.0' }, rules: { 'memory.selfReference': 'loud', 'no.such.rule': 'error', 'memory.objectCycle': 'off' }, opcache: 'yes', longRunning: { extraLoopCalls: 'consume' } };
  client.notify('workspace/didChangeConfiguration', { settings: null });
  const { params } = await problems;
  const text = params.problems.join('\n');
  assert.match(text, /php\.version "7\.0" is not one of 8\.1, 8\.2, 8\.3, 8\.4/);
  assert.match(text, /memory\.selfReference.*"loud"/);
  assert.match(text, /unknown rule "no\.such\.rule"/);
  assert.match(text, /opcache must be true or false/);
  assert.match(text, /extraLoopCalls must be a list/);
  assert.match((await logged).params.message, /MemLens settings/);
  // The same bad settings again are not reported again.
  const before = client.notifications.filter((m) => m.method === 'memlens/configProblems').length;
  client.notify('workspace/didChangeConfiguration', { settings: null });
  const uri = uriOf('after-config.php');
  const { params: diags } = await open(uri, CYCLE);
  assert.equal(client.notifications.filter((m) => m.method === 'memlens/configProblems').length, before, 'reported once');
  // The invalid severity for selfReference was dropped (its default applies); the server still analyses.
  assert.deepEqual(diags.diagnostics.map((d: any) => d.code), ['memory.selfReference']);
  client.configuration = {};
});

test('the server survives malformed requests and notifications', async () => {
  const uri = uriOf('malformed.php');
  await open(uri, CYCLE);
  client.notify('textDocument/didChange', { textDocument: { uri: uriOf('never-opened.php'), version: 2 }, contentChanges: [{ text: 'x' }] });
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 999, character: -5 }, end: { line: -1, character: 1e9 } }, text: '\n' }] });
  const answers = await Promise.all([
    client.request('textDocument/hover', { textDocument: { uri }, position: { line: -1, character: -1 } }).catch((e) => e),
    client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1e6, character: 0 }, end: { line: 0, character: 0 } }, context: {} }).catch((e) => e),
    client.request('memlens/simulate', { uri: uriOf('never-opened.php'), target: { kind: 'file' } }).catch((e) => e),
    client.request('memlens/simulate', { uri, target: { kind: 'selection', start: 1e9, end: -3 } }).catch((e) => e),
  ]);
  assert.equal(answers.length, 4);
  // The publication may come before or after the answers: look at what already arrived too.
  const { params } = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 2, 20_000, true);
  assert.ok(Array.isArray(params.diagnostics));
  assert.equal(client.process.exitCode, null, 'still running');
});
