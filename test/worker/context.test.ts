// Long-running context detection, one case per framework entry point, each with code that looks alike but is not
// long-running.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements, splitUnits } from '../../server/src/core/units';
import { findWorkerContexts, contextAt, workerContexts } from '../../server/src/core/workerContext';
import { defaultSettings, type Settings } from '../../server/src/config';

function contexts(code: string, settings: Settings = defaultSettings) {
  const text = `<?php\n${code}`;
  const { program, errors } = parsePhp(text);
  assert.deepEqual(errors, [], 'test code must parse');
  const units = splitUnits(topLevelStatements(program));
  return units.flatMap((u) => findWorkerContexts(u.nodes, text, settings)).map((c) => ({
    framework: c.framework, kind: c.kind, label: c.label, concurrent: c.concurrent, unitOfWork: c.unitOfWork,
    head: text.slice(c.head.start, c.head.end),
  }));
}

describe('framework entry points', () => {
  test('Swoole server callbacks: closures, [$this, method], first-class callables', () => {
    const found = contexts(`
use Swoole\\Http\\Server;
class App {
  public function boot(Server $s) {
    $s->on('request', [$this, 'onRequest']);
    $s->on('receive', $this->onReceive(...));
    $s->on('workerStart', function () {});
    $s->on('message', function ($server, $frame) {});
  }
  public function onRequest($req, $res) {}
  public function onReceive($server, $fd, $reactorId, $data) {}
}`);
    assert.deepEqual(found.map((c) => [c.framework, c.label, c.concurrent]), [
      ['swoole', "Swoole 'request' callback", true],
      ['swoole', "Swoole 'receive' callback", true],
      ['swoole', "Swoole 'message' callback", true],
    ]);
    assert.equal(found[0].head, '$s->on');
  });

  test('Swoole coroutines: go(), Co\\run(), Coroutine::create()', () => {
    const found = contexts(`
go(function () { echo 1; });
Co\\run(function () { echo 2; });
Swoole\\Coroutine::create(fn () => 3);
run(function () {});`);
    assert.deepEqual(found.map((c) => c.label), ['Swoole coroutine', 'Swoole coroutine', 'Swoole coroutine']);
  });

  test('RoadRunner worker loops', () => {
    const found = contexts(`
while ($req = $psr7->waitRequest()) { $psr7->respond($r); }
while ($payload = $worker->waitPayload()) { $worker->respond($payload); }
while ($task = $consumer->waitTask()) { $task->complete(); }`);
    assert.deepEqual(found.map((c) => [c.framework, c.kind, c.unitOfWork]), [
      ['roadrunner', 'loop', 'request'], ['roadrunner', 'loop', 'request'], ['roadrunner', 'loop', 'request'],
    ]);
    assert.equal(found[0].head, 'while ($req = $psr7->waitRequest())');
  });

  test('ReactPHP loop callbacks, HTTP server and listeners', () => {
    const found = contexts(`
use React\\EventLoop\\Loop;
Loop::addPeriodicTimer(1.0, function () {});
Loop::futureTick(fn () => 1);
$loop->addTimer(0.5, function () {});
$http = new React\\Http\\HttpServer(function ($request) {});
$socket->on('connection', function ($conn) { $conn->on('data', function ($chunk) {}); });`);
    assert.deepEqual(found.map((c) => c.label), [
      'ReactPHP periodic timer', 'ReactPHP future tick', 'ReactPHP timer', 'ReactPHP HTTP request handler',
      "ReactPHP 'connection' listener", "ReactPHP 'data' listener",
    ]);
    assert.ok(found.every((c) => c.framework === 'reactphp' && c.concurrent));
  });

  test('Amp / Revolt callbacks', () => {
    const found = contexts(`
use Revolt\\EventLoop;
use function Amp\\async;
EventLoop::repeat(1, function () {});
EventLoop::defer(fn () => 1);
async(function () {});
\\Amp\\async(fn () => 2);
$handler = new Amp\\Http\\Server\\RequestHandler\\ClosureRequestHandler(function ($request) {});`);
    assert.deepEqual(found.map((c) => c.label), ['Amp repeat timer', 'Amp deferred callback', 'Amp async task', 'Amp async task', 'Amp HTTP request handler']);
  });

  test('Symfony Messenger handlers: class attribute, method attribute, interface', () => {
    const found = contexts(`
#[AsMessageHandler]
final class A { public function __invoke(M $m) {} public function other() {} }
#[\\Symfony\\Component\\Messenger\\Attribute\\AsMessageHandler(method: 'onOrder')]
final class B { public function onOrder(M $m) {} }
final class C { #[AsMessageHandler] public function handleShipped(S $s) {} }
final class D implements MessageHandlerInterface { public function __invoke(M $m) {} }
final class NotAHandler { public function __invoke(M $m) {} }`);
    assert.deepEqual(found.map((c) => [c.framework, c.head]), [
      ['messenger', '__invoke'], ['messenger', 'onOrder'], ['messenger', 'handleShipped'], ['messenger', '__invoke'],
    ]);
  });

  test('Laravel Octane listeners and ticks, Laravel queue jobs', () => {
    const found = contexts(`
use Laravel\\Octane\\Events\\RequestReceived;
class L { public function handle(RequestReceived $event) {} }
class J implements ShouldQueue { public function handle(Mailer $m) {} }
class Plain { public function handle(Request $r) {} }
Octane::tick('refresh', fn () => 1)->seconds(10);`);
    assert.deepEqual(found.map((c) => [c.framework, c.label]), [
      ['octane', 'Laravel Octane listener'], ['laravelQueue', 'Laravel queue job'], ['octane', 'Octane tick'],
    ]);
  });

  test('php-rdkafka consume loops and generic long-running loops', () => {
    const found = contexts(`
$consumer = new RdKafka\\KafkaConsumer($conf);
while (true) { $m = $consumer->consume(1000); }
for (;;) { tick(); }
do { tick(); } while (1);
while ($running) { $m = $consumer->consume(100); }`);
    assert.deepEqual(found.map((c) => [c.framework, c.head]), [
      ['rdkafka', 'while (true)'], ['loop', 'for (;;)'], ['loop', 'while (1)'], ['rdkafka', 'while ($running)'],
    ]);
  });

  test('bounded loops and ordinary web code are not long-running', () => {
    assert.deepEqual(contexts(`
for ($i = 0; $i < 10; $i++) { $a[] = $i; }
foreach ($rows as $row) { echo $row; }
while ($row = $stmt->fetch()) { echo $row['id']; }
while ($i < 3) { $i++; }
$emitter->on('saved', function () {});
function controller() { return view('home'); }`), []);
  });

  test('while (true) search and retry loops, exception chains and stack walks are not worker loops', () => {
    assert.deepEqual(contexts(`
while (true) { if ($x > 3) { break; } $x++; }
foreach ($paths as $p) { while (true) { if (ok($p)) { continue 2; } $p = dirname($p); } }
while (true) { try { save(); return; } catch (E $e) { usleep(1000); } }
while ($ex) { echo $ex->getMessage(); $ex = $ex->getPrevious(); }
while (!$stack->isEmpty()) { $n = $stack->pop(); }`), []);
  });

  test('memlens.longRunning.extraLoopCalls makes project-specific loops long-running', () => {
    const code = 'while ($job = $this->jobs->nextJob()) { run($job); }';
    assert.deepEqual(contexts(code), []);
    const settings = { ...defaultSettings, longRunning: { extraLoopCalls: ['JobSource::nextJob'] } };
    assert.deepEqual(contexts(code, settings).map((c) => c.kind), ['loop']);
  });
});

describe('contextAt', () => {
  test('finds the innermost context around an offset, and caches per unit', () => {
    const text = '<?php\nwhile (true) { $a = 1; go(function () { $b = 2; }); }\n$c = 3;';
    const unit = splitUnits(topLevelStatements(parsePhp(text).program))[0];
    const all = workerContexts(unit, text, defaultSettings);
    assert.equal(workerContexts(unit, text, defaultSettings), all, 'second call reuses the result');
    assert.equal(contextAt(all, text.indexOf('$a'))?.kind, 'loop');
    assert.equal(contextAt(all, text.indexOf('$b'))?.label, 'Swoole coroutine');
    assert.equal(contextAt(all, text.indexOf('$c')), null);
  });
});
