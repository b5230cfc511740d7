// The server's workspace pass reports findings that span files, on the file that must change, and keeps them when
// that file is opened and edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';
import { scratchDir } from '../support/tmp';

const root = join(__dirname, '..', '..');

test('save_handler in php.ini + tcp:// save_path in code -> session.savePathFormat on the code', async () => {
  const dir = scratchDir('memlens-xf-');
  mkdirSync(join(dir, 'php'));
  writeFileSync(join(dir, 'php', 'php.ini'), '[Session]\nsession.save_handler = memcached\n');
  writeFileSync(join(dir, 'index.php'), '<?php\nini_set("session.save_path", "tcp://127.0.0.1:11211");\nsession_start();\n');
  const client = new LspClient(process.execPath, [join(root, 'dist/server.js'), '--stdio']);
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const uri = pathToFileURL(join(dir, 'index.php')).toString();
    const hasCross = (m: any) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri &&
      m.params.diagnostics.some((d: any) => d.code === 'session.savePathFormat');
    const scanned = await client.waitFor(hasCross, 20000, true);
    assert.equal(scanned.params.diagnostics.find((d: any) => d.code === 'session.savePathFormat').range.start.line, 1);
    const opened = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 1);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version: 1, text: readFileSync(join(dir, 'index.php'), 'utf8') } });
    assert.ok((await opened).params.diagnostics.some((d: any) => d.code === 'session.savePathFormat'));
    await client.shutdown();
  } finally {
    client.kill();
  }
});

test('a php-fpm pool with pm.max_requests = 0 is reported only where the project has memory findings', async () => {
  const pool = '[www]\npm = dynamic\npm.max_children = 5\npm.max_requests = 0\n';
  for (const leaky of [true, false]) {
    const dir = scratchDir('memlens-fpm-');
    mkdirSync(join(dir, 'php-fpm.d'));
    writeFileSync(join(dir, 'php-fpm.d', 'www.conf'), pool);
    writeFileSync(join(dir, 'index.php'), leaky ? '<?php\nfunction f() {\n    $o = new stdClass;\n    $o->self = $o;\n}\n' : '<?php\necho 1;\n');
    const client = new LspClient(process.execPath, [join(root, 'dist/server.js'), '--stdio']);
    try {
      await client.initialize(pathToFileURL(dir).toString());
      const uri = pathToFileURL(join(dir, 'php-fpm.d', 'www.conf')).toString();
      if (leaky) {
        const msg = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 20000, true);
        assert.deepEqual(msg.params.diagnostics.map((d: any) => d.code), ['worker.fpmMaxRequests']);
        assert.match(msg.params.diagnostics[0].message, /memory\.selfReference in .*index\.php:4/);
      } else {
        // The scan's closing log comes after the cross-file pass; a closed file never shown a diagnostic is sent none.
        await client.waitFor((m) => m.method === 'window/logMessage' && /MemLens scanned/.test(m.params.message), 20000, true);
        const shown = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length);
        assert.deepEqual(shown.map((m) => m.params.diagnostics.map((d: any) => d.code)), []);
      }
      await client.shutdown();
    } finally {
      client.kill();
    }
  }
});
