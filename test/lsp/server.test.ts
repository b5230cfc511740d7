// The bundled server over stdio, as an editor drives it: initialize, open, diagnostics, edits, a quick fix,
// hover, unparsable text, rapid edits, closing a file, clean shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';
import { applyEdits } from '../support/fixtures';
import { LineTable } from '../../server/src/lsp/positions';
import { scratchDir } from '../support/tmp';

const root = join(__dirname, '..', '..');
const dir = scratchDir('memlens-lsp-');
const uri = pathToFileURL(join(dir, 'cycle.php')).toString();
const code = `<?php
function make() {
    $o = new stdClass;
    $o->self = $o;
    return $o;
}
`;
let client: LspClient;

before(async () => {
  writeFileSync(join(dir, 'closed.php'), '<?php\n$a = new stdClass;\n$a->me = $a;\n');
  client = new LspClient(process.execPath, [join(root, 'dist/server.js'), '--stdio']);
  const init = await client.initialize(pathToFileURL(dir).toString(), { workspace: { configuration: true }, window: { workDoneProgress: false } });
  assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
  assert.ok(init.capabilities.codeActionProvider);
  assert.ok(init.capabilities.hoverProvider);
});

after(() => client?.kill());

test('the workspace scan reports closed files', async () => {
  const closed = pathToFileURL(join(dir, 'closed.php')).toString();
  const msg = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === closed, 20000, true);
  assert.equal(msg.params.diagnostics[0].code, 'memory.selfReference');
});

test('open -> diagnostics with rule id, docs link and range', async () => {
  const waiting = client.diagnosticsFor(uri, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version: 1, text: code } });
  const { params } = await waiting;
  assert.equal(params.diagnostics.length, 1);
  const d = params.diagnostics[0];
  assert.equal(d.code, 'memory.selfReference');
  assert.equal(d.source, 'MemLens');
  assert.match(d.codeDescription.href, /docs\/rules\/memory\.selfReference\.md$/);
  assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } });
});

test('code action applies and the finding disappears', async () => {
  const actions = await client.request('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } },
    context: { diagnostics: [] },
  });
  const fix = actions.find((a: any) => a.title === 'Remove the self-reference');
  assert.ok(fix, `actions offered: ${actions.map((a: any) => a.title).join(', ')}`);
  assert.ok(actions.some((a: any) => a.title === 'Ignore memory.selfReference on this line'));
  const lines = new LineTable(code);
  const edits = fix.edit.changes[uri].map((e: any) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
  const fixed = applyEdits(code, edits);
  const waiting = client.diagnosticsFor(uri, 2);
  client.notify('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: fix.edit.changes[uri].map((e: any) => ({ range: e.range, text: e.newText })),
  });
  const { params } = await waiting;
  assert.deepEqual(params.diagnostics, []);
  assert.ok(!fixed.includes('$o->self'));
});

test('unparsable text gives one clear error and the server lives on', async () => {
  const waiting = client.diagnosticsFor(uri, 3);
  client.notify('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ range: { start: { line: 2, character: 20 }, end: { line: 2, character: 22 } }, text: ' = = ' }],
  });
  const { params } = await waiting;
  assert.equal(params.diagnostics.length, 1);
  assert.equal(params.diagnostics[0].code, 'php.parseError');
  assert.match(params.diagnostics[0].message, /syntax error/);
  assert.equal(params.diagnostics[0].range.start.line, 2);
});

test('rapid edits publish only the newest version', async () => {
  const text = `<?php\nfunction f() {\n    $x = new stdClass;\n}\n`;
  client.notify('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text }] });
  let version = 4;
  for (let i = 0; i < 50; i++) {
    version++;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } }, text: i % 2 ? '\n' : ' ' }],
    });
  }
  const { params } = await client.diagnosticsFor(uri, version);
  assert.deepEqual(params.diagnostics, []);
  const stale = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version > 4 && m.params.version < version);
  assert.ok(stale.length < 5, `coalesced: ${stale.length} intermediate publications`);
});

test('hover answers (null where nothing is known) without error', async () => {
  const result = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
  assert.ok(result === null || typeof result === 'object');
});

test('closing a file drops its text and tree: its diagnostics come from the file on disk again', async () => {
  // The buffer differs from the disk (the finding on line 4, not line 3), so what the server answers after the
  // close tells which one it still holds.
  const closed = pathToFileURL(join(dir, 'closed.php')).toString();
  const buffer = '<?php\nfunction f() {\n    $o = new stdClass;\n    $o->self = $o;\n}\n';
  const opened = client.diagnosticsFor(closed, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri: closed, languageId: 'php', version: 1, text: buffer } });
  assert.deepEqual((await opened).params.diagnostics.map((d: any) => d.range.start.line), [3]);
  const at = { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } };
  const before = await client.request('textDocument/codeAction', { textDocument: { uri: closed }, range: at, context: { diagnostics: [] } });
  assert.ok(before.some((a: any) => a.title === 'Remove the self-reference'));

  const fromDisk = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === closed && m.params.version === undefined, 20000);
  client.notify('textDocument/didClose', { textDocument: { uri: closed } });
  assert.deepEqual((await fromDisk).params.diagnostics.map((d: any) => d.range.start.line), [2]);
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: closed }, range: at, context: { diagnostics: [] } }), []);
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri: closed }, position: { line: 3, character: 6 } }), null);
});

test('shutdown and exit cleanly', async () => {
  const code = await client.shutdown();
  assert.equal(code, 0);
  assert.equal(client.stderr.join('').includes('Error'), false, client.stderr.join(''));
});
