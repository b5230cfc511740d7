// Runtime proofs: every session rule whose message states what happens at run time is tied here to a run of real
// PHP 8.2 + php-memcached against a real memcached that shows it. Each row names the rule, code that makes the rule
// fire, the phrases its message must contain, and the proof, which checks that PHP really prints or does that. When a
// message changes, its proof still has to find the new claim in PHP's own output, so the two cannot drift apart.
// memcached, php8.2-cli and php-memcached are required: without them these tests fail (scripts/ensure-memcached.sh).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, applyEdits } from '../support/fixtures';
import type { Finding } from '../../server/src/rules/types';
import { requireTools, startMemcached, runPhp, runPhpAsync, cleanupScratch, type Memcached } from './runtime';

const FIXTURES = join(__dirname, '..', 'fixtures');

let server: Memcached;
const port = () => server.port;

interface Proof {
  rule: string;
  title: string;
  /** Code that makes the rule fire (PHP or a config file, by name). */
  input: () => { text: string; fileName: string };
  /** Phrases the rule's message must contain: the consequence the proof demonstrates. */
  says: (f: Finding) => string[];
  /** Runs real PHP/memcached and asserts the consequence. Gets the finding so it can use the message's own text. */
  proof: (f: Finding, input: { text: string; fileName: string }) => Promise<void> | void;
}

function fire(rule: string, input: { text: string; fileName: string }): Finding {
  const found = analyze(input.text, input.fileName).filter((f) => f.rule === rule);
  assert.equal(found.length, 1, `${rule} should fire once on the proof input, got ${found.length}: ${found.map((f) => f.message).join(' | ')}`);
  return found[0];
}

/** The text a message quotes after `marker "`, up to the closing quote. */
function quoted(message: string, marker: string): string {
  const at = message.indexOf(`${marker} "`);
  assert.ok(at >= 0, `message should quote what PHP prints after "${marker}": ${message}`);
  const start = at + marker.length + 2;
  return message.slice(start, message.indexOf('"', start));
}

const connect = () => `$m = new Memcached(); $m->addServer('127.0.0.1', ${port()});`;
const memcachedSessions = () => ({ 'session.save_handler': 'memcached', 'session.save_path': `127.0.0.1:${port()}` });

/** A request that starts the session `id`, appends `item` after `holdMs`, and writes it back. */
function appendingRequest(id: string, item: string, holdMs: number): string {
  return `<?php
session_id('${id}');
var_dump(session_start());
$list = $_SESSION['list'] ?? [];
usleep(${holdMs * 1000});
$list[] = '${item}';
$_SESSION['list'] = $list;
session_write_close();
`;
}

function readList(id: string, ini: Record<string, string>): string[] {
  const r = runPhp(`<?php session_id('${id}'); session_start(); echo json_encode($_SESSION['list'] ?? []);`, ini);
  const json = r.output.trim().split('\n').pop()!;
  return JSON.parse(json);
}

const PROOFS: Proof[] = [
  {
    rule: 'session.memcachedTtlOver30Days',
    title: 'an expiration over 30 days is a 1970 timestamp: set() succeeds and the item is gone at once',
    input: () => ({ fileName: 'cache.php', text: `<?php\nfunction warm(\\Memcached $m) {\n    $m->set('proof', 'v', 86400 * 31);\n}\n` }),
    says: () => ['returns true', 'gone at once', 'RES_NOTFOUND', '1970-02-01'],
    proof: (f, input) => {
      const fixed = applyEdits(input.text, f.fixes![0].edits);
      const expression = /\$m->set\('proof', 'v', (.*)\);/.exec(fixed)![1];
      assert.equal(expression, 'time() + 86400 * 31');
      const r = runPhp(`<?php ${connect()}
foreach (['as written' => 86400 * 31, 'fixed' => ${expression}, 'exactly 30 days' => 2592000] as $label => $ttl) {
    $key = 'proof:' . md5($label);
    $ok = $m->set($key, 'v', $ttl);
    $setCode = $m->getResultCode();
    $got = $m->get($key);
    echo json_encode([$label, $ok, $setCode, $got, $m->getResultCode()]), "\\n";
}
echo 'RES_NOTFOUND=', Memcached::RES_NOTFOUND, "\\n";`);
      const rows = Object.fromEntries(r.output.trim().split('\n').filter((l) => l.startsWith('[')).map((l) => { const [label, ...rest] = JSON.parse(l); return [label, rest]; }));
      assert.match(r.output, /RES_NOTFOUND=16/);
      assert.deepEqual(rows['as written'], [true, 0, false, 16], 'set() returns true with RES_SUCCESS, then get() finds nothing (RES_NOTFOUND)');
      assert.deepEqual(rows.fixed, [true, 0, 'v', 0], 'time() + N keeps the item');
      assert.deepEqual(rows['exactly 30 days'], [true, 0, 'v', 0], '2,592,000 s is still relative: the rule starts above it');
    },
  },
  {
    rule: 'session.savePathFormat',
    title: 'ext/memcached with a tcp:// save_path cannot create or read a session',
    input: () => ({ fileName: 'php.ini', text: `session.save_handler = memcached\nsession.save_path = "tcp://127.0.0.1:${port()}"\n` }),
    says: () => ['Failed to create session ID: memcached (path: tcp://127.0.0.1:', 'HOSTNAME LOOKUP FAILURE'],
    proof: (f, input) => {
      const ini = { 'session.save_handler': 'memcached', 'session.save_path': `tcp://127.0.0.1:${port()}` };
      const fresh = runPhp('<?php var_dump(session_start());', ini);
      assert.ok(fresh.output.includes(quoted(f.message, 'fails with')), `PHP printed:\n${fresh.output}`);
      assert.match(fresh.output, /Fatal error: Uncaught Error: Failed to create session ID/);
      const existing = runPhp("<?php session_id('proofexisting1'); var_dump(session_start());", ini);
      assert.match(existing.output, /getaddrinfo\(\) or getnameinfo\(\) HOSTNAME LOOKUP FAILURE/);
      assert.match(existing.output, /bool\(false\)/);
      // The fix's path works.
      const fixedText = applyEdits(input.text, f.fixes![0].edits);
      const path = /session\.save_path = (.*)/.exec(fixedText)![1];
      assert.equal(path, `127.0.0.1:${port()}`);
      const fixedIni = { ...ini, 'session.save_path': path };
      const write = runPhp("<?php session_id('prooffixedpath1'); var_dump(session_start()); $_SESSION['list'] = ['x'];", fixedIni);
      assert.match(write.output, /^bool\(true\)\s*$/, write.output);
      assert.deepEqual(readList('prooffixedpath1', fixedIni), ['x']);
    },
  },
  {
    rule: 'session.handlerNoLocking',
    title: 'memcached.sess_locking=0 loses one of two concurrent updates; locking on keeps both',
    input: () => ({ fileName: 'php.ini', text: 'memcached.sess_locking = 0\n' }),
    says: () => ['later write wins', '["A"] instead of ["A","B"]'],
    proof: async () => {
      const run = async (locking: string, id: string) => {
        const ini = { ...memcachedSessions(), 'memcached.sess_locking': locking };
        const first = runPhpAsync(appendingRequest(id, 'A', 400), ini);
        await new Promise((r) => setTimeout(r, 150));
        const second = runPhpAsync(appendingRequest(id, 'B', 0), ini);
        const results = await Promise.all([first, second]);
        for (const r of results) assert.match(r.output, /bool\(true\)/, r.output);
        return readList(id, ini).sort();
      };
      const unlocked = await run('0', 'prooflocking0');
      assert.equal(unlocked.length, 1, `without locking one update is lost: got ${JSON.stringify(unlocked)}`);
      assert.deepEqual(await run('1', 'prooflocking1'), ['A', 'B'], 'with locking both updates survive');
    },
  },
  {
    rule: 'session.lockHeldDuringSlowWork',
    title: 'a second request gives up after about 0.75 s while the first holds the lock; session_write_close() frees it',
    input: () => ({ fileName: 'page.php', text: "<?php\nfunction page() {\n    session_start();\n    $u = $_SESSION['user'] ?? null;\n    sleep(2);\n}\n" }),
    says: () => ['about 0.75 s', 'Unable to clear session lock record', 'returns false'],
    proof: async (f, input) => {
      const ini = memcachedSessions();
      const waiting = `<?php session_id('%ID%'); $t = microtime(true); $ok = session_start(); echo json_encode(['ok' => $ok, 'ms' => (int) ((microtime(true) - $t) * 1000)]), "\\n";`;
      const holder = (id: string, release: boolean) => `<?php session_id('${id}'); session_start(); ${release ? 'session_write_close();' : ''} usleep(2000000);`;
      const contend = async (id: string, release: boolean) => {
        const first = runPhpAsync(holder(id, release), ini);
        await new Promise((r) => setTimeout(r, 300));
        const second = await runPhpAsync(waiting.replace('%ID%', id), ini);
        await first;
        return { ...JSON.parse(second.output.trim().split('\n').pop()!), output: second.output };
      };
      const blocked = await contend('proofslowlock1', false);
      assert.equal(blocked.ok, false, blocked.output);
      assert.ok(blocked.ms >= 500 && blocked.ms <= 1500, `gave up after ${blocked.ms} ms`);
      assert.ok(blocked.output.includes('Unable to clear session lock record'), blocked.output);
      assert.match(blocked.output, /Failed to read session data: memcached \(path: 127\.0\.0\.1:\d+\)/);
      // The fix: session_write_close() before the slow part releases the lock.
      const fixed = applyEdits(input.text, f.fixes![0].edits);
      assert.match(fixed, /session_write_close\(\);\n\s+sleep\(2\);/);
      const freed = await contend('proofslowlock2', true);
      assert.equal(freed.ok, true, freed.output);
      assert.ok(freed.ms < 500, `waited ${freed.ms} ms`);
    },
  },
  {
    rule: 'session.handlerSignature',
    title: 'a handler without return types prints the Deprecated notice the message quotes, and blocks session_start() with display_errors on',
    input: () => ({ fileName: 'Handler.php', text: `<?php
class ProofHandler implements SessionHandlerInterface
{
    public function open($path, $name) { return true; }
    public function close(): bool { return true; }
    public function read(string $id): string { return ''; }
    public function write($id, $data): bool { return true; }
    public function destroy($id): bool { return true; }
    public function gc($max): int|false { return 0; }
}
` }),
    says: () => ['Deprecated: Return type of ProofHandler::open($path, $name) should either be compatible with SessionHandlerInterface::open(string $path, string $name): bool', 'cannot be changed after headers have already been sent'],
    proof: (f, input) => {
      const run = (text: string) => runPhp(`${text}\nvar_dump(session_set_save_handler(new ProofHandler(), true));\n`, { 'session.save_path': '/tmp' });
      const r = run(input.text);
      assert.ok(r.output.includes(quoted(f.message, 'prints')), r.output);
      assert.match(r.output, /Session save handler cannot be changed after headers have already been sent/);
      assert.match(r.output, /bool\(false\)/);
      const fixed = run(applyEdits(input.text, f.fixes![0].edits));
      assert.doesNotMatch(fixed.output, /Deprecated/);
      assert.match(fixed.output, /bool\(true\)/);
      // Every notice the fire fixture's findings quote is one PHP prints for that file, and no other.
      const path = join(FIXTURES, 'session.handlerSignature', 'fire.php');
      const text = readFileSync(path, 'utf8');
      const claimed = analyze(text, path).filter((x) => x.rule === f.rule).map((x) => quoted(x.message, 'prints')).sort();
      const printed = runPhp(text).output.split('\n').filter((l) => l.startsWith('Deprecated:')).map((l) => l.replace(/ in \/.* on line \d+$/, '')).sort();
      assert.deepEqual(claimed, printed);
    },
  },
  {
    rule: 'session.handlerReturn',
    title: 'read() returning false fails session_start(); write() returning nothing throws a TypeError',
    input: () => ({ fileName: 'Handler.php', text: `<?php
class ProofHandler implements SessionHandlerInterface
{
    public function open(string $path, string $name): bool { return true; }
    public function close(): bool { return true; }
    public function read(string $id): string|false { return false; }
    public function write(string $id, string $data): bool { return true; }
    public function destroy(string $id): bool { return true; }
    public function gc(int $max_lifetime): int|false { return 0; }
}
` }),
    says: () => ['session_start(): Failed to read session data: user (path: ', 'returns false'],
    proof: (f, input) => {
      const r = runPhp(`${input.text}\nsession_set_save_handler(new ProofHandler(), true);\nvar_dump(session_start());\n`, { 'session.save_path': '/tmp' });
      const warning = quoted(f.message, 'PHP then warns').replace('(path: ...)', '(path: /tmp)');
      assert.ok(r.output.includes(`Warning: ${warning}`), `PHP printed:\n${r.output}\nmessage quotes: ${warning}`);
      assert.match(r.output, /bool\(false\)/);
      const noBool = input.text.replace('public function write(string $id, string $data): bool { return true; }', '#[\\ReturnTypeWillChange] public function write($id, $data) { }');
      const w = fire('session.handlerReturn', { text: noBool.replace('return false;', "return '';"), fileName: 'Handler.php' });
      const thrown = quoted(w.message, 'PHP throws');
      const r2 = runPhp(`${noBool.replace('return false;', "return '';")}\nsession_set_save_handler(new ProofHandler(), true);\nsession_start();\n$_SESSION['x'] = 1;\nsession_write_close();\n`, { 'session.save_path': '/tmp' });
      assert.ok(r2.output.includes(thrown), `PHP printed:\n${r2.output}\nmessage quotes: ${thrown}`);
    },
  },
  {
    rule: 'session.memcachedSaslNeedsBinary',
    title: 'setSaslAuthData() on the text protocol warns and returns false',
    input: () => ({ fileName: 'connect.php', text: "<?php\nfunction connect() {\n    $m = new \\Memcached();\n    $m->setSaslAuthData('user', getenv('PASS'));\n}\n" }),
    says: () => ['SASL is only supported with binary protocol', 'returns false'],
    proof: (f) => {
      const r = runPhp(`<?php ${connect()} var_dump($m->setSaslAuthData('user', 'pass'));`);
      assert.ok(r.output.includes(quoted(f.message, 'prints')), r.output);
      assert.match(r.output, /bool\(false\)/);
      const binary = runPhp(`<?php ${connect()} $m->setOption(Memcached::OPT_BINARY_PROTOCOL, true); var_dump($m->setSaslAuthData('user', 'pass'));`);
      assert.doesNotMatch(binary.output, /SASL is only supported/);
    },
  },
];

// A failing test of its own (not only a failing hook), so a machine without the tools reports a failure, never a skip.
test('memcached, php8.2-cli and php-memcached are installed', () => requireTools());

describe('session runtime proofs (PHP 8.2 + php-memcached + memcached)', () => {
  before(async () => {
    requireTools();
    server = await startMemcached();
  });
  after(async () => {
    await server?.stop();
    cleanupScratch();
  });

  test('every session rule with a runtime claim has a proof', () => {
    const proved = new Set(PROOFS.map((p) => p.rule));
    for (const id of ['session.memcachedTtlOver30Days', 'session.savePathFormat', 'session.handlerNoLocking',
      'session.lockHeldDuringSlowWork', 'session.handlerSignature', 'session.handlerReturn', 'session.memcachedSaslNeedsBinary']) {
      assert.ok(proved.has(id), `no runtime proof for ${id}`);
    }
  });

  for (const p of PROOFS) {
    test(`${p.rule}: ${p.title}`, async () => {
      const input = p.input();
      const finding = fire(p.rule, input);
      for (const phrase of p.says(finding)) assert.ok(finding.message.includes(phrase), `${p.rule} message lacks "${phrase}": ${finding.message}`);
      await p.proof(finding, input);
    });
  }

  test('silent where PHP copes: session.gc_maxlifetime over 30 days survives with the memcached handler', () => {
    const code = "<?php\nini_set('session.save_handler', 'memcached');\nini_set('session.gc_maxlifetime', 31536000);\nsession_start();\n";
    assert.deepEqual(analyze(code, 'bootstrap.php').filter((f) => f.rule === 'session.memcachedTtlOver30Days'), []);
    for (const lifetime of ['2592001', '31536000']) {
      const ini = { ...memcachedSessions(), 'session.gc_maxlifetime': lifetime };
      const id = `proofgc${lifetime}`;
      runPhp(`<?php session_id('${id}'); session_start(); $_SESSION['list'] = ['kept']; session_write_close();`, ini);
      assert.deepEqual(readList(id, ini), ['kept'], `a session with gc_maxlifetime=${lifetime} must survive`);
    }
  });

  test('config.memcachedExposed stays silent on the flags this test runs memcached with', () => {
    const conf = `-l 127.0.0.1\n-p ${port()}\n-U 0\n-m 16\n`;
    assert.deepEqual(analyze(conf, 'memcached.conf').filter((f) => f.rule === 'config.memcachedExposed'), []);
  });
});
