// Growth confirmed by simulation, checked against real PHP: the program MemLens builds from a loop body runs in the
// simulator and in php8.2-cli, and memory_get_usage() must move by exactly the same number of bytes in both.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements, splitUnits, isDeclaration } from '../../server/src/core/units';
import { findWorkerContexts } from '../../server/src/core/workerContext';
import {
  growthProgram, measureGrowth, loopGrowth, simulatorRunner, formatGrowth, DEFAULT_ITERATIONS, WARMUP, type PhpRunner,
} from '../../server/src/core/workerGrowth';
import { defaultSettings } from '../../server/src/config';
import { analyze } from '../support/fixtures';
import { scratchDir } from '../support/tmp';

const dir = scratchDir('memlens-growth-');

const realPhp: PhpRunner = (code) => {
  const file = join(dir, 'program.php');
  writeFileSync(file, code);
  const r = spawnSync('php', ['-d', 'opcache.enable_cli=0', '-d', 'memory_limit=512M', file], { encoding: 'utf8' });
  return { stdout: r.stdout ?? '', ok: r.status === 0, reason: r.stderr || r.error?.message };
};

function loopOf(text: string) {
  const statements = topLevelStatements(parsePhp(text).program);
  const unit = splitUnits(statements).find((u) => u.kind === 'script')!;
  const [ctx] = findWorkerContexts(unit.nodes, text, defaultSettings).filter((c) => c.kind === 'loop');
  assert.ok(ctx, 'the test code must contain a long-running loop');
  return { ctx, unit, declarations: statements.filter(isDeclaration) };
}

function both(text: string) {
  const { ctx, unit, declarations } = loopOf(text);
  const program = growthProgram(ctx, text, declarations, DEFAULT_ITERATIONS + WARMUP, unit.nodes);
  assert.equal(program.status, 'ready', program.status === 'unsupported' ? program.reason : '');
  return { php: measureGrowth(program, realPhp), sim: measureGrowth(program, simulatorRunner) };
}

const consumer = (body: string, setup = '') => `<?php
$conf = new RdKafka\\Conf();
$consumer = new RdKafka\\KafkaConsumer($conf);
${setup}
while (true) {
    $message = $consumer->consume(120 * 1000);
${body}
}
`;

describe('simulated growth per message equals real PHP 8.2', () => {
  before(() => {
    const v = spawnSync('php', ['-r', 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;'], { encoding: 'utf8' });
    assert.equal(v.error, undefined, 'php is not installed: run scripts/ensure-tools.sh (Debian php8.2-cli)');
    assert.equal(v.stdout, '8.2', `these figures are for PHP 8.2, found ${v.stdout}`);
  });

  const leaking: Array<[string, string, string?]> = [
    ['the php-rdkafka README loop, grouping payloads by key', `    switch ($message->err) {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            $byKey[$message->key][] = $message->payload;
            break;
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
        case RD_KAFKA_RESP_ERR__TIMED_OUT:
            break;
        default:
            throw new \\Exception($message->errstr(), $message->err);
    }`, '$byKey = [];'],
    ['a cycle per message (freed only by the collector)', '    $o = new stdClass();\n    $o->self = $o;'],
    ['messages kept in an array keyed by id', "    $seen[++$n] = ['payload' => $message->payload, 'at' => $n];", '$seen = [];\n$n = 0;'],
    ['an object appended per message', '    $log[] = new stdClass();', '$log = [];'],
    ['a runtime string appended per message', "    $log[] = str_repeat('x', 100);", '$log = [];'],
  ];
  for (const [name, body, setup] of leaking) {
    test(`leaking: ${name}`, () => {
      const { php, sim } = both(consumer(body, setup));
      assert.equal(php.status, 'measured', php.reason);
      assert.ok(php.totalBytes > 0, `real PHP should grow, got ${php.totalBytes}`);
      assert.equal(sim.status, 'measured', sim.reason);
      assert.equal(sim.totalBytes, php.totalBytes, `simulator ${sim.totalBytes} bytes vs real PHP ${php.totalBytes} over ${php.iterations} messages`);
      assert.equal(sim.iterations, DEFAULT_ITERATIONS);
      assert.equal(sim.bytesAfterCollection, php.bytesAfterCollection, 'bytes per message left after gc_collect_cycles()');
      assert.deepEqual(sim.curve, php.curve, 'the memory curve (every 101 messages) matches point for point');
      if (process.env.MEMLENS_PRINT_GROWTH) console.log(`${name}: ${php.totalBytes} bytes over ${php.iterations} (${php.bytesPerIteration}/message, ${php.bytesAfterCollection} after collection)`);
    });
  }

  test('leaking through a handler function declared in the file (by-reference index)', () => {
    const text = `<?php
function remember(array $order, array &$seen): void
{
    $seen[$order['id']] = $order;
}
$consumer = new RdKafka\\KafkaConsumer($conf);
$seen = [];
$ids = 0;
while (true) {
    $message = $consumer->consume(1000);
    remember(['id' => ++$ids, 'payload' => $message->payload], $seen);
}
`;
    const { php, sim } = both(text);
    assert.ok(php.totalBytes > 0);
    assert.equal(sim.status, 'measured', sim.reason);
    assert.equal(sim.totalBytes, php.totalBytes);
    assert.deepEqual(sim.curve, php.curve);
  });

  test('non-leaking: per-message locals are freed, and the simulator says so', () => {
    const { php, sim } = both(consumer(
      "    $order = ['id' => 1, 'payload' => $message->payload, 'lines' => [1, 2, 3]];\n" +
      "    $total += count($order['lines']);\n    $buffer = [];\n    $buffer[] = str_repeat('x', 100);", '$total = 0;'));
    assert.equal(php.totalBytes, 0);
    assert.equal(sim.status, 'measured', sim.reason);
    assert.equal(sim.totalBytes, 0);
    assert.equal(formatGrowth(sim, 'message'), 'retains nothing per message, simulated over 1,000 iterations');
  });
});

describe('growth in findings', () => {
  test('worker.noMemoryGuard states the simulated growth with the figure real PHP shows', () => {
    const text = consumer('    $o = new stdClass();\n    $o->self = $o;');
    const php = both(text).php;
    const finding = analyze(text, 'consumer.php').find((f) => f.rule === 'worker.noMemoryGuard');
    assert.ok(finding, 'the unguarded loop is reported');
    assert.equal(php.bytesAfterCollection, 0);
    assert.match(finding.message, new RegExp(`retains ${php.bytesPerIteration} bytes and 1 object per message ` +
      '\\(all of it garbage cycles that gc_collect_cycles\\(\\) frees\\), simulated over 1,000 iterations\\.'));
  });

  test('growth the collector cannot take back is extrapolated to the memory limit', () => {
    const text = consumer("    $seen[++$n] = ['payload' => $message->payload, 'at' => $n];", '$seen = [];\n$n = 0;');
    const php = both(text).php;
    const finding = analyze(text, 'consumer.php').find((f) => f.rule === 'worker.noMemoryGuard')!;
    const after = Math.round(128 * 1024 * 1024 / php.bytesAfterCollection).toLocaleString('en-US');
    assert.match(finding.message, new RegExp(`retains ${php.bytesPerIteration} bytes per message, simulated over ` +
      `1,000 iterations; even with the cycle collector a 128 MB memory_limit is reached after about ${after} messages`));
  });

  test('a loop that does not grow gets no growth claim', () => {
    const text = consumer('    $payload = $message->payload;');
    const finding = analyze(text, 'consumer.php').find((f) => f.rule === 'worker.noMemoryGuard');
    assert.ok(finding);
    assert.doesNotMatch(finding.message, /Simulated/);
  });

  test('bodies the program cannot stand in for are not simulated, and say why', () => {
    const text = `<?php
class W { public function run($c) { while (true) { $m = $c->consume(1); $this->seen[] = $m; } } }`;
    const unit = splitUnits(topLevelStatements(parsePhp(text).program))[0];
    const [ctx] = findWorkerContexts(unit.nodes, text, defaultSettings);
    const g = loopGrowth(ctx, text, [], unit.nodes)!;
    assert.equal(g.status, 'unsupported');
    assert.equal(g.reason, 'it uses $this');
  });
});

describe('growth mode', () => {
  test("'cached' mode: rules only read what the lens already simulated", async () => {
    const { setGrowthMode } = await import('../../server/src/core/workerGrowth');
    const text = consumer("    $kept[] = str_repeat('y', 64);", '$kept = [];');
    setGrowthMode('cached');
    try {
      const before = analyze(text, 'consumer.php').find((f) => f.rule === 'worker.noMemoryGuard')!;
      assert.doesNotMatch(before.message, /Simulated/, 'nothing simulated yet');
      const { ctx, unit, declarations } = loopOf(text);
      assert.equal(loopGrowth(ctx, text, declarations, unit.nodes, simulatorRunner, true)?.status, 'measured');
      const after = analyze(text, 'consumer.php').find((f) => f.rule === 'worker.noMemoryGuard')!;
      assert.match(after.message, /Simulated: it retains \d+ bytes per message/);
    } finally {
      setGrowthMode('run');
    }
  });
});
