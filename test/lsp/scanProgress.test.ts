// The server's initial workspace scan (the path `memlens check` takes, in child processes) reports work-done
// progress to an editor that supports it: begin, the files done out of all, end; and the closed files' findings
// arrive as diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, rmSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';

test('the initial scan reports progress from begin to end, counting every file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-scan-progress-'));
  // More files than the pool checks on the calling thread, so the scan runs in its worker processes.
  const FILES = 60;
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, `f${i}.php`), `<?php\nfunction f${i}() {\n    $o = new stdClass;\n    $o->self = $o;\n    return $o;\n}\n`);
  const client = new LspClient(process.execPath, [join(__dirname, '..', '..', 'dist/server.js'), '--stdio']);
  try {
    await client.initialize(pathToFileURL(dir).toString(), { workspace: { configuration: true }, window: { workDoneProgress: true } });
    const end = await client.waitFor((m) => m.method === '$/progress' && m.params?.value?.kind === 'end', 60000, true);
    const progress = client.notifications.filter((m) => m.method === '$/progress' && m.params.token === end.params.token).map((m) => m.params.value);
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[progress.length - 1].kind, 'end');
    const reports = progress.filter((v) => v.kind === 'report');
    assert.ok(reports.some((v) => v.message === `${FILES}/${FILES} files` && v.percentage === 100), JSON.stringify(reports.slice(-3)));
    const percentages = reports.map((v) => v.percentage);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'progress only goes forward');
    const last = pathToFileURL(join(dir, `f${FILES - 1}.php`)).toString();
    const diagnostics = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === last, 20000, true);
    assert.ok(diagnostics.params.diagnostics.some((d: any) => d.code === 'memory.selfReference'), JSON.stringify(diagnostics.params.diagnostics));
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a workspace opened again takes unchanged files from the scan cache in its storage folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-scan-cache-'));
  const storage = mkdtempSync(join(tmpdir(), 'memlens-scan-storage-'));
  const FILES = 20;
  const longAgo = Date.now() / 1000 - 3600;
  for (let i = 0; i < FILES; i++) {
    const path = join(dir, `f${i}.php`);
    writeFileSync(path, `<?php\nfunction f${i}() {\n    $o = new stdClass;\n    $o->self = $o;\n    return $o;\n}\n`);
    utimesSync(path, longAgo, longAgo);
  }
  const last = pathToFileURL(join(dir, `f${FILES - 1}.php`)).toString();
  const open = async () => {
    const client = new LspClient(process.execPath, [join(__dirname, '..', '..', 'dist/server.js'), '--stdio']);
    try {
      await client.initialize(pathToFileURL(dir).toString(), {}, { storagePath: storage });
      const scanned = await client.waitFor((m) => m.method === 'window/logMessage' && /MemLens scanned/.test(m.params.message), 60000, true);
      const diagnostics = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === last, 20000, true);
      return { log: scanned.params.message as string, diagnostics: diagnostics.params.diagnostics };
    } finally {
      client.kill();
    }
  };
  try {
    const first = await open();
    assert.match(first.log, /scanned 20 files .*\(0 unchanged since the last scan/);
    assert.ok(existsSync(join(storage, 'scan-cache.json')));
    const again = await open();
    assert.match(again.log, /scanned 20 files .*\(20 unchanged since the last scan/);
    assert.deepEqual(again.diagnostics, first.diagnostics);
    assert.ok(again.diagnostics.some((d: any) => d.code === 'memory.selfReference'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  }
});

// A file with a self-referencing object (memory.selfReference) and one without.
const CYCLE = '<?php\nfunction f() {\n    $o = new stdClass;\n    $o->self = $o;\n    return $o;\n}\n';
const CLEAN = '<?php\nfunction f() {\n    return 1;\n}\n';

test('files changed on disk while closed are checked again; deleted ones lose their diagnostics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-watch-'));
  writeFileSync(join(dir, 'a.php'), CYCLE);
  writeFileSync(join(dir, 'b.php'), CYCLE);
  const [a, b, c] = ['a.php', 'b.php', 'c.php'].map((f) => pathToFileURL(join(dir, f)).toString());
  const client = new LspClient(process.execPath, [join(__dirname, '..', '..', 'dist/server.js'), '--stdio']);
  const codes = (m: any) => m.params.diagnostics.map((d: any) => d.code);
  try {
    await client.initialize(pathToFileURL(dir).toString(), { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    await client.waitFor((m) => m.method === 'window/logMessage' && /MemLens scanned 2 files/.test(m.params.message), 60000, true);
    const registration = client.requests.find((r) => r.method === 'client/registerCapability' && r.params.registrations.some((g: any) => g.method === 'workspace/didChangeWatchedFiles'));
    assert.ok(registration, 'the server did not ask to watch files');
    assert.deepEqual(codes(await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === a, 20000, true)), ['memory.selfReference']);
    const seen = client.notifications.length;
    const next = (uri: string) => client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && client.notifications.indexOf(m) >= seen, 20000, true);
    writeFileSync(join(dir, 'a.php'), CLEAN);
    writeFileSync(join(dir, 'c.php'), CYCLE);
    rmSync(join(dir, 'b.php'));
    const excluded = pathToFileURL(join(dir, 'vendor', 'x.php')).toString();
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }, { uri: c, type: 1 }, { uri: b, type: 3 }, { uri: excluded, type: 1 }] });
    const [afterA, afterB, afterC] = await Promise.all([next(a), next(b), next(c)]);
    assert.deepEqual(codes(afterA), [], 'a.php lost its cycle on disk but kept the diagnostic');
    assert.deepEqual(codes(afterB), [], 'b.php was deleted but kept its diagnostic');
    assert.deepEqual(codes(afterC), ['memory.selfReference'], 'the new c.php was not checked');
    assert.ok(!client.notifications.some((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === excluded), 'a file under vendor/ was checked');
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a closed file never shown a diagnostic is sent none; one that loses its findings is sent an empty list', async () => {
  // 929 of WordPress's 958 files were each sent an empty list while the scan ran: work for the server and the editor.
  const dir = mkdtempSync(join(tmpdir(), 'memlens-quiet-'));
  writeFileSync(join(dir, 'clean.php'), CLEAN);
  writeFileSync(join(dir, 'dirty.php'), CYCLE);
  const [clean, dirty, later] = ['clean.php', 'dirty.php', 'later.php'].map((f) => pathToFileURL(join(dir, f)).toString());
  const client = new LspClient(process.execPath, [join(__dirname, '..', '..', 'dist/server.js'), '--stdio']);
  const sent = (uri: string) => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri)
    .map((m) => m.params.diagnostics.map((d: any) => d.code));
  try {
    await client.initialize(pathToFileURL(dir).toString(), { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    await client.waitFor((m) => m.method === 'window/logMessage' && /MemLens scanned 2 files/.test(m.params.message), 60000, true);
    assert.deepEqual(sent(clean), [], 'the clean file was sent a list');
    assert.deepEqual(sent(dirty), [['memory.selfReference']]);
    // dirty.php loses its cycle, clean.php changes and stays clean, later.php (checked after them) appears.
    writeFileSync(join(dir, 'dirty.php'), CLEAN);
    writeFileSync(join(dir, 'clean.php'), CLEAN.replace('1', '2'));
    writeFileSync(join(dir, 'later.php'), CYCLE);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: dirty, type: 2 }, { uri: clean, type: 2 }, { uri: later, type: 1 }] });
    await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === later, 20000, true);
    await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === dirty && m.params.diagnostics.length === 0, 20000, true);
    assert.deepEqual(sent(dirty), [['memory.selfReference'], []]);
    assert.deepEqual(sent(clean), [], 'the file that stayed clean was sent a list');
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
