// `memlens check` as CI uses it: formats, exit codes, baseline, config, and bad input that must not crash.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, symlinkSync, chmodSync, readFileSync, utimesSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli';
import { scratchDir } from '../support/tmp';

const root = join(__dirname, '..', '..');
const CYCLE = '<?php\nfunction f() {\n    $o = new stdClass;\n    $o->self = $o;\n}\n';

async function run(args: string[], cwd: string) {
  const prev = process.cwd();
  process.chdir(cwd);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
    return { code, stdout, stderr };
  } finally {
    process.chdir(prev);
  }
}

function workspace(files: Record<string, string | Buffer>): string {
  const dir = scratchDir('memlens-cli-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('formats and exit codes', () => {
  test('json: 1-based positions, exit 1 on a warning', async () => {
    const dir = workspace({ 'a.php': CYCLE });
    const r = await run(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out, [{ file: 'a.php', line: 4, column: 5, endLine: 4, endColumn: 18, rule: 'memory.selfReference', severity: 'warning', message: out[0].message }]);
  });

  test('--fail-on error passes warnings; --fail-on none never fails', async () => {
    const dir = workspace({ 'a.php': CYCLE });
    assert.equal((await run(['check', 'a.php', '--fail-on', 'error'], dir)).code, 0);
    assert.equal((await run(['check', 'a.php', '--fail-on', 'none'], dir)).code, 0);
    assert.equal((await run(['check', 'a.php', '--fail-on', 'info'], dir)).code, 1);
  });

  test('clean code exits 0 with "No findings."', async () => {
    const dir = workspace({ 'a.php': '<?php\necho 1;\n' });
    const r = await run(['check', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No findings\./);
  });

  test('text format names file:line:col, severity and rule', async () => {
    const dir = workspace({ 'src/a.php': CYCLE });
    const r = await run(['check', 'src'], dir);
    assert.match(r.stdout, /^src\/a\.php:4:5: warning memory\.selfReference: /m);
    assert.match(r.stdout, /1 finding in 1 file \(1 warning\)/);
  });

  test('sarif 2.1.0 with rule metadata and help links', async () => {
    const dir = workspace({ 'a.php': CYCLE });
    const sarif = JSON.parse((await run(['check', '.', '--format', 'sarif'], dir)).stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.rules[0].id, 'memory.selfReference');
    assert.match(run0.tool.driver.rules[0].helpUri, /docs\/rules\/memory\.selfReference\.md$/);
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 18 });
    assert.equal(run0.results[0].level, 'warning');
  });

  test('checkstyle escapes XML', async () => {
    const dir = workspace({ 'a&b.php': CYCLE });
    const xml = (await run(['check', '.', '--format', 'checkstyle'], dir)).stdout;
    assert.match(xml, /<file name="a&#38;b\.php">/);
    assert.match(xml, /<error line="4" column="5" severity="warning" message="[^"]+" source="memory\.selfReference"\/>/);
  });

  test('github annotations escape properties', async () => {
    const dir = workspace({ 'a,b.php': CYCLE });
    const out = (await run(['check', '.', '--format', 'github'], dir)).stdout;
    assert.match(out, /^::warning file=a%2Cb\.php,line=4,col=5,endLine=4,endColumn=18,title=memory\.selfReference::/);
  });
});

describe('baseline and config', () => {
  test('a generated baseline hides accepted findings, new ones still fail', async () => {
    const dir = workspace({ 'a.php': CYCLE });
    assert.equal((await run(['check', '.', '--generate-baseline', 'base.json'], dir)).code, 0);
    assert.equal(JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')).findings.length, 1);
    assert.equal((await run(['check', '.', '--baseline', 'base.json'], dir)).code, 0);
    writeFileSync(join(dir, 'b.php'), CYCLE);
    const r = await run(['check', '.', '--baseline', 'base.json', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).map((f: any) => f.file), ['b.php']);
  });

  test('--config turns a rule off or changes its severity; unknown values are reported', async () => {
    const dir = workspace({
      'a.php': CYCLE,
      'off.json': JSON.stringify({ rules: { 'memory.selfReference': 'off' } }),
      'err.json': JSON.stringify({ rules: { 'memory.selfReference': 'error', 'memory.nope': 'warning' }, php: { version: '7.4' } }),
    });
    assert.equal((await run(['check', '.', '--config', 'off.json'], dir)).code, 0);
    const r = await run(['check', '.', '--config', 'err.json', '--fail-on', 'error'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown rule "memory\.nope"/);
    assert.match(r.stderr, /php\.version "7\.4"/);
  });

  test('inline suppression on the line and the line before', async () => {
    const dir = workspace({
      'a.php': '<?php\nfunction f() {\n    $o = new stdClass;\n    $o->self = $o; // @memlens-ignore memory.selfReference\n    // @memlens-ignore memory.selfReference\n    $o->again = $o;\n    $o->third = $o; // @memlens-ignore memory.objectCycle\n}\n',
    });
    const out = JSON.parse((await run(['check', '.', '--format', 'json'], dir)).stdout);
    assert.deepEqual(out.map((f: any) => f.line), [7]);
  });
});

describe('bad input', () => {
  test('a missing path: exit 2 and a one-line reason', async () => {
    const dir = workspace({});
    const r = await run(['check', 'nope.php'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'memlens: nope.php: no such file or directory');
  });

  test('bad usage: exit 2', async () => {
    const dir = workspace({});
    assert.equal((await run(['check'], dir)).code, 2);
    assert.equal((await run(['check', '.', '--format', 'xml'], dir)).code, 2);
    assert.equal((await run(['frobnicate'], dir)).code, 2);
  });

  test('binary .php is skipped with a notice; invalid UTF-8 is read lossily and said so', async () => {
    const dir = workspace({
      'bin.php': Buffer.from([0x3c, 0x3f, 0x70, 0x68, 0x70, 0x00, 0x01, 0x02, 0xff]),
      'latin1.php': Buffer.concat([Buffer.from('<?php\n// caf'), Buffer.from([0xe9]), Buffer.from('\nfunction f() {\n    $o = new stdClass;\n    $o->self = $o;\n}\n')]),
    });
    const r = await run(['check', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /note: bin\.php: skipped, binary content/);
    assert.match(r.stdout, /note: latin1\.php: invalid UTF-8/);
    assert.match(r.stdout, /latin1\.php:5:5: warning memory\.selfReference/);
  });

  test('a 20 MB file is skipped with a notice, not read', async () => {
    const dir = workspace({ 'big.php': '<?php\n' + '$a = 1;\n'.repeat(2_700_000) });
    const r = await run(['check', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /note: big\.php: skipped, 2\d\.\d MB is over the 4 MB limit/);
  });

  test('deeply nested expressions do not crash', async () => {
    const depth = 50_000;
    const dir = workspace({ 'deep.php': '<?php\n$x = ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + ';\n$y = ' + '['.repeat(depth) + ']'.repeat(depth) + ';\n' });
    const r = await run(['check', '.', '--format', 'json'], dir);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
  });

  test('symlink loops and vendor/ are skipped; unreadable files exit 2 with the reason', async () => {
    const dir = workspace({ 'src/a.php': CYCLE, 'vendor/lib/b.php': CYCLE });
    symlinkSync(join(dir, 'src'), join(dir, 'src', 'loop'));
    writeFileSync(join(dir, 'secret.php'), CYCLE);
    chmodSync(join(dir, 'secret.php'), 0o000);
    const r = await run(['check', '.', '--format', 'json'], dir);
    const files = JSON.parse(r.stdout).map((f: any) => f.file);
    assert.ok(files.includes('src/a.php'));
    assert.ok(!files.some((f: string) => f.startsWith('vendor/')));
    if (process.getuid?.() === 0) {
      // root reads any file: the permission case cannot show here, so check that it was read instead
      assert.ok(files.includes('secret.php'));
    } else {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /secret\.php: permission denied/);
    }
    // vendor/ is read when named
    const v = await run(['check', 'vendor', '--format', 'json'], dir);
    assert.equal(JSON.parse(v.stdout).length, 1);
  });

  test('CRLF and BOM files report the same positions', async () => {
    const dir = workspace({ 'crlf.php': CYCLE.replace(/\n/g, '\r\n'), 'bom.php': '\ufeff' + CYCLE });
    const out = JSON.parse((await run(['check', '.', '--format', 'json'], dir)).stdout);
    const byFile = Object.fromEntries(out.map((f: any) => [f.file, `${f.line}:${f.column}`]));
    assert.deepEqual(byFile, { 'bom.php': '4:5', 'crlf.php': '4:5' });
  });
});

describe('--cache', () => {
  const longAgo = Date.now() / 1000 - 3600;

  test('a second run reads unchanged files from the cache: same output and exit code', async () => {
    const dir = workspace({ 'a.php': CYCLE, 'b.php': '<?php\necho 1;\n' });
    for (const f of ['a.php', 'b.php']) utimesSync(join(dir, f), longAgo, longAgo);
    const first = await run(['check', '.', '--cache', '--format', 'json'], dir);
    assert.equal(first.code, 1);
    assert.ok(existsSync(join(dir, '.memlenscache')), 'no cache file in the working folder');
    const second = await run(['check', '.', '--cache', '--format', 'json'], dir);
    assert.deepEqual(second, first);
    // The cache judges a file by its size and modification time (as ESLint's does): the same size and time back
    // on other content still gives the kept result, which shows it was read.
    writeFileSync(join(dir, 'a.php'), CYCLE.replace('$o->self = $o;', '$o->self = 1; '));
    utimesSync(join(dir, 'a.php'), longAgo, longAgo);
    assert.deepEqual(await run(['check', '.', '--cache', '--format', 'json'], dir), first);
    assert.equal((await run(['check', '.', '--format', 'json'], dir)).code, 0, 'without --cache the file is read');
  });

  test('--cache-location names the file; one that cannot be written is a note, not a failure', async () => {
    const dir = workspace({ 'a.php': CYCLE });
    const r = await run(['check', 'a.php', '--cache-location', 'out/scan.cache'], dir);
    assert.equal(r.code, 1);
    assert.ok(existsSync(join(dir, 'out/scan.cache')));
    const blocked = await run(['check', 'a.php', '--cache-location', 'a.php/scan.cache'], dir);
    assert.equal(blocked.code, 1);
    assert.equal(blocked.stdout, r.stdout);
    assert.match(blocked.stderr, /note: cache a\.php\/scan\.cache not written \(.+\); results are unaffected/);
    assert.equal((await run(['check', 'a.php', '--cache-location'], dir)).code, 2);
  });
});

test('the bundled bin runs: `node dist/cli.js --version`', () => {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^memlens /);
});

test('cross-file: save_handler in php.ini and a tcp:// save_path in code', async () => {
  const dir = workspace({
    'php/php.ini': '[Session]\nsession.save_handler = memcached\n',
    'public/index.php': '<?php\nini_set("session.save_path", "tcp://127.0.0.1:11211");\nsession_start();\n',
  });
  const out = JSON.parse((await run(['check', '.', '--format', 'json'], dir)).stdout);
  const f = out.find((x: any) => x.rule === 'session.savePathFormat');
  assert.ok(f, JSON.stringify(out));
  assert.equal(f.file, 'public/index.php');
  assert.equal(f.line, 2);
  assert.match(f.message, /php\/php\.ini/);
  const off = workspace({ 'php/php.ini': '[Session]\nsession.save_handler = memcached\n', 'x.json': '{"rules":{"session.savePathFormat":"off"}}', 'public/index.php': '<?php\nini_set("session.save_path", "tcp://127.0.0.1:11211");\n' });
  assert.deepEqual(JSON.parse((await run(['check', '.', '--format', 'json', '--config', 'x.json'], off)).stdout), []);
});

test('worker.fpmMaxRequests fires only where the project has memory findings', async () => {
  const pool = '[www]\npm = dynamic\npm.max_children = 5\npm.max_requests = 0\n';
  const withLeak = workspace({ 'php-fpm.d/www.conf': pool, 'src/a.php': CYCLE });
  const out = JSON.parse((await run(['check', '.', '--format', 'json'], withLeak)).stdout);
  const f = out.find((x: any) => x.rule === 'worker.fpmMaxRequests');
  assert.ok(f, JSON.stringify(out.map((x: any) => x.rule)));
  assert.match(f.message, /memory\.selfReference in src\/a\.php:4/);
  const clean = workspace({ 'php-fpm.d/www.conf': pool, 'src/a.php': '<?php\necho 1;\n' });
  assert.deepEqual(JSON.parse((await run(['check', '.', '--format', 'json'], clean)).stdout), []);
});
