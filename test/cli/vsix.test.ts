// The .vsix is built with --no-dependencies, so what an installed extension can run is exactly what the package
// holds. This builds it with `npm run package`, unpacks it into a temporary folder with no node_modules anywhere
// above it, activates the unpacked client twice (the second time from its code cache), starts the unpacked
// dist/server.js over LSP stdio and asks it to verify a snippet: real PHP (8.2 in WebAssembly, from dist/php-wasm)
// must print the output, with no php binary configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildVsix } from '../e2e/codeServer';
import { activateInProbe, clientLoadLine } from '../support/activation';
import { LspClient } from '../support/lspClient';
import { Requests, type VerifyResult } from '../../server/src/protocol';

const LIMIT_BYTES = 15 * 1024 * 1024;

/** Every ancestor of `dir` (itself included) that has a node_modules folder. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(d);
    if (dirname(d) === d) return found;
  }
}

test('the packaged extension verifies with real PHP from the .vsix alone', { timeout: 600_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'memlens-vsix-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const vsix = process.env.MEMLENS_E2E_VSIX ?? buildVsix(join(work, 'memlens.vsix'));
  const size = statSync(vsix).size;
  t.diagnostic(`.vsix size: ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)`);
  assert.ok(size < LIMIT_BYTES, `the .vsix is ${size} bytes, over the 15 MB target`);

  const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
  assert.equal(listing.status, 0, `unzip is needed to read the .vsix (apt-get install unzip): ${listing.stderr}`);
  const entries = listing.stdout.split('\n').filter(Boolean);
  for (const needed of ['extension/dist/extension.js', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/php-wasm/universal.mjs', 'extension/dist/php-wasm/php_8_2.mjs', 'extension/dist/php-wasm/8_2_33/php_8_2.wasm', 'extension/dist/php-wasm/LICENSE.php-wasm']) {
    assert.ok(entries.includes(needed), `${needed} is not in the .vsix`);
  }
  assert.deepEqual(entries.filter((e) => /node_modules|\.map$|jspi|extensions\/(intl|xdebug|redis|memcached)/.test(e)), [], 'the .vsix ships only what verify loads');

  const unpacked = join(work, 'unpacked');
  const unzip = spawnSync('unzip', ['-q', vsix, '-d', unpacked], { encoding: 'utf8' });
  assert.equal(unzip.status, 0, unzip.stderr);
  const extension = join(unpacked, 'extension');
  assert.deepEqual(nodeModulesAbove(extension), [], 'a node_modules folder above the unpacked extension would hide a missing file');
  assert.throws(() => createRequire(join(extension, 'dist/server.js')).resolve('@php-wasm/universal'), /Cannot find module/);

  // The packaged loader runs the packaged client, compiled the first time and from its code cache the next.
  const storage = join(work, 'global-storage');
  assert.match(clientLoadLine(activateInProbe(join(extension, 'dist/extension.js'), storage)), /\(code cache: none\)$/);
  assert.match(clientLoadLine(activateInProbe(join(extension, 'dist/extension.js'), storage)), /\(code cache: used\)$/);

  const server = new LspClient(process.execPath, [join(extension, 'dist/server.js'), '--stdio'], unpacked);
  t.after(() => server.kill());
  await server.initialize(null);
  const source = `<?php
class Node { public $next; }
$a = new Node(); $b = new Node();
$a->next = $b; $b->next = $a;
unset($a, $b);
var_dump(gc_collect_cycles());
echo PHP_VERSION, "\\n";
`;
  const r = await server.request<VerifyResult>(Requests.verify, { source, opcache: false }, 120_000);
  assert.equal(r.error, undefined, `verify failed in the unpacked extension: ${r.error}\nserver stderr:\n${server.stderr.join('')}`);
  assert.equal(r.engine, 'PHP 8.2 in WebAssembly');
  assert.match(r.real, /^int\(2\)\n8\.2\.\d+\n$/, `real PHP output: ${JSON.stringify(r.real)}`);
  assert.equal(r.note, undefined);
  await server.shutdown();
});
