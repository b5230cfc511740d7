// "Verify with real PHP" runs user code, so its restrictions are tested, not assumed: PHP in WebAssembly sees no
// host file and no network, and a configured php binary runs under a timeout and a memory limit. The php binary
// comes from Debian (scripts/ensure-php.sh); a missing one fails the php tests with that instruction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWithPhp } from '../../server/src/verify/index';

function phpBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v php8.2 || command -v php'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(found, 'php is not installed: run scripts/ensure-php.sh (apt-get install php8.2-cli)');
  return found;
}

test('wasm PHP cannot read host files: /etc/passwd and this repository are not there', { timeout: 120_000 }, async () => {
  assert.ok(existsSync('/etc/passwd') && readFileSync('/etc/passwd', 'utf8').includes('root:'), 'the host has the file the snippet tries to read');
  const here = join(__dirname, 'verify.test.ts');
  const r = await verifyWithPhp(`<?php
var_dump(@file_get_contents('/etc/passwd'));
var_dump(@file_exists(${JSON.stringify(here)}));
var_dump(@is_dir('/work'), @is_dir('/usr/share'));
var_dump(@scandir('/etc') === false || !in_array('passwd', scandir('/etc')));
echo "done\\n";
`, { timeoutMs: 20_000 });
  assert.equal(r.engine, 'wasm');
  assert.match(r.stdout, /done/, `the snippet ran: ${r.stdout}${r.stderr}`);
  assert.doesNotMatch(r.stdout, /root:/, 'host /etc/passwd leaked into the sandbox');
  const bools = [...r.stdout.matchAll(/bool\((true|false)\)/g)].map((m) => m[1]);
  assert.deepEqual(bools.slice(0, 4), ['false', 'false', 'false', 'false'], `host paths visible: ${r.stdout}`);
  assert.equal(bools[4], 'true', '/etc/passwd is not listed');
});

test('wasm PHP cannot open network connections', { timeout: 120_000 }, async () => {
  // A listener on the host proves a connection would have had somewhere to go.
  const { createServer } = await import('node:net');
  let connected = false;
  const listener = createServer((s) => { connected = true; s.end(); });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  const port = (listener.address() as any).port;
  try {
    const attempts = [
      `$s = @fsockopen('127.0.0.1', ${port}, $errno, $errstr, 2); var_dump($s === false);`,
      `$c = @stream_socket_client('tcp://127.0.0.1:${port}', $errno, $errstr, 2); var_dump($c === false);`,
      `var_dump(@file_get_contents('http://127.0.0.1:${port}/') === false);`,
    ];
    for (const attempt of attempts) {
      // Refused either inside PHP (the call returns false) or by the runtime (the run fails): both keep the host safe.
      const r = await verifyWithPhp(`<?php\n${attempt}\necho "done\\n";`, { timeoutMs: 20_000 }).catch((e) => ({ refused: e }));
      if ('refused' in r) continue;
      assert.match(r.stdout, /bool\(true\)\s*done/, `${attempt} -> ${r.stdout}${r.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(connected, false, 'the host listener saw a connection from the sandbox');
  } finally {
    listener.close();
  }
});

test('a php binary is killed at the timeout', { timeout: 60_000 }, async () => {
  const started = Date.now();
  const r = await verifyWithPhp('<?php while (true) { }', { phpPath: phpBinary(), timeoutMs: 1500 });
  const took = Date.now() - started;
  assert.ok(took < 10_000, `returned after ${took} ms`);
  assert.notEqual(r.exitCode, 0);
  assert.match(r.stderr, /killed after 1500 ms/);
});

test('a php binary runs under the memory limit', { timeout: 60_000 }, async () => {
  const r = await verifyWithPhp('<?php $a = []; while (true) { $a[] = str_repeat("x", 1 << 20); }', { phpPath: phpBinary(), memoryLimit: '32M', timeoutMs: 20_000 });
  assert.match(r.stderr + r.stdout, /Allowed memory size of 33554432 bytes exhausted/);
  assert.notEqual(r.exitCode, 0);
  // The default applies when none is given: the script sees a finite memory_limit, never -1.
  const d = await verifyWithPhp('<?php echo ini_get("memory_limit");', { phpPath: phpBinary(), timeoutMs: 20_000 });
  assert.notEqual(d.stdout.trim(), '-1');
  assert.match(d.stdout.trim(), /^\d+[KMG]?$/);
});

test('a php binary run leaves no snippet behind in the temporary directory', { timeout: 60_000 }, async () => {
  const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('memlens-verify-')));
  await verifyWithPhp('<?php echo getcwd();', { phpPath: phpBinary(), timeoutMs: 20_000 });
  const after = readdirSync(tmpdir()).filter((n) => n.startsWith('memlens-verify-') && !before.has(n));
  assert.deepEqual(after, []);
});
