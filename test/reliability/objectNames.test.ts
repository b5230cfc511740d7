// Names from the user's code and configuration are looked up in MemLens's tables (functions, methods, events, ini
// directives, Kafka properties, memcached options). `constructor`, `__proto__`, `toString` and the other names
// every JavaScript object answers to must be names like any other: the same code with a neutral name of the same
// length gets the same findings, messages and hovers. (`$builder->constructor(fn)` was taken for a ReactPHP timer,
// "ReactPHP function Object() { [native code] }".)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeOnce, analyzeConfig } from '../../server/src/core/analyze';
import { PhpDocument } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';
import { hoverProviders } from '../../server/src/features';
import type { ConfigFile, Finding, Language } from '../../server/src/rules/types';
import { placeholderCall } from '../../server/src/sim/placeholders';
import { parsePhp } from '../../server/src/core/parse';

// Each name beside a neutral one of the same length (offsets stay put), matched whole and in either case.
const NAMES: [string, string][] = [
  ['constructor', 'zonstructor'], ['__proto__', '__proxo__'], ['toString', 'toStrinx'], ['valueOf', 'valueOx'],
  ['hasOwnProperty', 'hasOwnPropertx'], ['isPrototypeOf', 'isPrototypeOx'], ['__defineGetter__', '__defineGetxer__'],
];

function neutral(text: string): string {
  let out = text;
  for (const [name, other] of NAMES) {
    out = out.replace(new RegExp(name, 'gi'), (m) => (m[0] === m[0].toUpperCase() && m[0] !== '_' ? other[0].toUpperCase() + other.slice(1) : other));
  }
  return out;
}

/** Findings as compared: messages and fix titles with the neutral names put in, so one that quotes the code reads
 * the same either way. */
function shown(findings: Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.severity} ${f.start}-${f.end}: ${neutral(f.message)} ${JSON.stringify((f.fixes ?? []).map((x) => neutral(x.title)))}`);
}

const PHP_EVENT_LOOP = `<?php
use Swoole\\Http\\Server;

function serve(Server $server, $builder): void
{
    $builder->constructor(function ($row) use (&$log) { $log[] = $row; sleep(1); });
    $builder->__proto__(function ($row) use (&$all) { $all[] = $row; usleep(5); });
    $server->on('constructor', function ($request) use (&$seen) { $seen[] = $request; constructor(); });
    $server->on('__proto__', function ($request) use (&$more) { $more[] = $request; toString(); });
    $server->on('request', function ($request) { constructor(); __proto__(); toString(); sleep(1); });
    Loop::constructor(function () use (&$ticks) { $ticks[] = microtime(true); });
    EventLoop::valueOf(function () use (&$ticks) { $ticks[] = time(); });
    while (true) {
        $server->hasOwnProperty(function () use (&$x) { $x[] = 1; });
        constructor();
        __proto__();
    }
}
`;

const PHP_REACT = `<?php
use React\\EventLoop\\Loop;

$socket->on('constructor', function ($connection) use (&$clients) { $clients[] = $connection; });
$socket->on('__proto__', function ($connection) use (&$clients) { $clients[] = $connection; });
$loop->constructor(1.0, function () use (&$log) { $log[] = date('c'); });
`;

const PHP_SESSION_AND_MEMCACHED = `<?php
ini_set('constructor', '1');
ini_set('toString', '0');
ini_set('__proto__', 'On');
constructor();
toString();

$m = new Memcached();
$m->constructor('key', 'value', 5184000);
$m->__proto__('key', 'value', 5184000);
$m->valueOf('key', 'value', 5184000);

class Handler implements SessionHandlerInterface
{
    public function constructor() { return true; }
    public function __proto__($id) { return ''; }
    public function toString($id, $data) { return true; }
    public function open($path, $name) { return true; }
    public function close() { return true; }
    public function read($id) { return ''; }
    public function write($id, $data) { return true; }
    public function destroy($id) { return true; }
    public function gc($max) { return 0; }
}

function rows(PDO $pdo, $db) {
    $all = $db->constructor('SELECT * FROM big');
    $more = $db->__proto__('SELECT * FROM big');
    return [$all, $more, $pdo->query('SELECT 1')->fetchAll()];
}
`;

const PHP_KAFKA = `<?php
$conf = new RdKafka\\Conf();
$conf->set('constructor', 'x');
$conf->set('toString', 'y');
$conf->set('partition.assignment.strategy', 'constructor');
$conf->set('partition.assignment.strategy', '__proto__');
$conf->set('group.id', 'g');
$consumer = new RdKafka\\KafkaConsumer($conf);
$x = new Constructor();
$y = new __proto__();
$odd = new RdKafka\Constructor($conf);
$odd->produce(RD_KAFKA_PARTITION_UA, 0, 'payload');
$other = new \RdKafka\__proto__($conf);
$other->subscribe(['t']);
$consumer->subscribe(['t']);
while (true) {
    $message = $consumer->consume(1000);
    $x->constructor($message);
}
`;

const PHP_FILES: [string, string][] = [['loop.php', PHP_EVENT_LOOP], ['react.php', PHP_REACT], ['session.php', PHP_SESSION_AND_MEMCACHED], ['kafka.php', PHP_KAFKA]];

const CONFIG_FILES: [string, ConfigFile['language'], string][] = [
  ['php.ini', 'ini', 'constructor = 1\ntoString = On\n__proto__ = 0\nsession.save_handler = memcached\nsession.save_path = "constructor:11211"\n'],
  ['memcached.conf', 'memcached', '-l 0.0.0.0\n--constructor=1\n--__proto__\n--toString=2\n-p 11211\n'],
  ['www.conf', 'fpm', '[www]\nconstructor = 1\n__proto__ = 2\npm.max_requests = 0\nphp_admin_value[constructor] = 1\n'],
];

test('names Object answers to (constructor, __proto__, toString...) get what a neutral name of the same length gets: PHP findings', () => {
  for (const [file, text] of PHP_FILES) {
    const ours = shown(analyzeOnce(text, file, defaultSettings));
    const other = shown(analyzeOnce(neutral(text), file, defaultSettings));
    assert.deepEqual(ours, other, file);
    for (const line of ours) assert.doesNotMatch(line, /native code|\[object |function Object|memlens\.internalError/, `${file}: ${line}`);
  }
});

test('names Object answers to get what a neutral name gets: configuration files', () => {
  for (const [file, language, text] of CONFIG_FILES) {
    const ours = shown(analyzeConfig({ language, text, fileName: file }, defaultSettings));
    const other = shown(analyzeConfig({ language, text: neutral(text), fileName: file }, defaultSettings));
    assert.deepEqual(ours, other, file);
    for (const line of ours) assert.doesNotMatch(line, /native code|\[object |function Object|memlens\.internalError/, `${file}: ${line}`);
  }
});

test('names Object answers to get what a neutral name gets: hovers on each of them', () => {
  const files: [string, Language, string][] = [...PHP_FILES.map(([f, t]): [string, Language, string] => [f, 'php', t]), ...CONFIG_FILES];
  let hovered = 0;
  for (const [file, language, text] of files) {
    const other = neutral(text);
    const docs = [text, other].map((t) => (language === 'php' ? new PhpDocument(t, file) : null));
    const pattern = new RegExp(NAMES.map(([n]) => n).join('|'), 'gi');
    for (const m of text.matchAll(pattern)) {
      const offset = m.index! + 1;
      const [ours, theirs] = [text, other].map((t, i) => hoverProviders.map((h) => h({ text: t, fileName: file, language, offset, settings: defaultSettings, statements: () => docs[i]?.statements() ?? [] }))
        .map((h) => (h ? `${h.start}-${h.end} ${neutral(h.markdown)}` : null)));
      assert.deepEqual(ours, theirs, `${file} at ${offset} (${m[0]})`);
      hovered++;
    }
  }
  assert.ok(hovered > 40, `${hovered} names hovered`);
});

test('names Object answers to get what a neutral name gets: placeholder arguments for a simulated function', () => {
  const code = '<?php function f(Constructor $a, __proto__ $b, toString $c, ?valueOf $d, constructor|int $e) {}';
  const [ours, theirs] = [code, neutral(code)].map((c) => {
    const call = placeholderCall(parsePhp(c, 't.php').program.children[0].arguments, () => null);
    return neutral(`${call.code} | ${call.setup.join(' ')} | ${JSON.stringify(call.placeholders)}`);
  });
  assert.equal(ours, theirs);
  assert.match(ours, /^null, null, null, null, 1 \|/);
});
