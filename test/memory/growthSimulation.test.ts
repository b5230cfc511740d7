// The memory growth rules, confirmed by simulation. The leaking consumer loops below also run in real php8.2-cli,
// in a harness written here (a stub php-rdkafka consumer, memory_get_usage() around 1,000 messages), independently
// of the program MemLens builds: the bytes per message in the finding must be the ones real PHP shows.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../support/fixtures';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements, splitUnits, isDeclaration } from '../../server/src/core/units';
import { findWorkerContexts } from '../../server/src/core/workerContext';
import { loopGrowth, setGrowthMode, simulatorRunner, onGrowthMeasured } from '../../server/src/core/workerGrowth';
import { defaultSettings } from '../../server/src/config';
import type { Finding } from '../../server/src/rules/types';
import { scratchDir } from '../support/tmp';

const dir = scratchDir('memlens-growth-rules-');
const MESSAGES = 1000;
const WARMUP = 10;

/** Runs `code` (a consumer script whose loop is `while (true) {`) in real PHP for WARMUP + MESSAGES messages and
 * returns memory_get_usage() after the last one minus before the first measured one. */
function realPhpGrowth(code: string): number {
  assert.match(code, /while \(true\) \{/);
  const script = code.replace(/^<\?php\n/, '').replace('while (true) {',
    `$memoryBefore = 0;\nfor ($i = 0; $i < ${WARMUP + MESSAGES}; $i++) {\n    if ($i === ${WARMUP}) { $memoryBefore = memory_get_usage(); }`);
  const harness = `<?php
namespace RdKafka {
    class Conf { public function set($name, $value) {} }
    // What consume() hands the loop: payload and key as the broker would (strings), no error.
    class Message { public $payload = 'payload'; public $err = 0; public $key = 'key'; public $partition = 0; public $offset = 0; }
    class KafkaConsumer {
        public function __construct($conf) {}
        public function subscribe(array $topics) {}
        public function consume(int $timeoutMs) { return new Message(); }
    }
}
namespace {
    const RD_KAFKA_RESP_ERR_NO_ERROR = 0;
    const RD_KAFKA_RESP_ERR__PARTITION_EOF = -191;
    const RD_KAFKA_RESP_ERR__TIMED_OUT = -185;
${script}
    echo memory_get_usage() - $memoryBefore;
}
`;
  const file = join(dir, `consumer-${Math.random().toString(36).slice(2)}.php`);
  writeFileSync(file, harness);
  const r = spawnSync('php', ['-d', 'opcache.enable_cli=0', '-d', 'memory_limit=512M', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `php failed: ${r.stderr}${r.stdout}`);
  return Number(r.stdout.trim());
}

const consumer = (setup: string, body: string) => `<?php
$conf = new RdKafka\\Conf();
$conf->set('group.id', 'billing');
$consumer = new RdKafka\\KafkaConsumer($conf);
$consumer->subscribe(['invoices']);
${setup}
while (true) {
    $message = $consumer->consume(120 * 1000);
    if ($message->err !== RD_KAFKA_RESP_ERR_NO_ERROR) {
        continue;
    }
${body}
}
`;

function growthFindings(text: string, rule = 'memory.unboundedLoopGrowth'): Finding[] {
  return analyze(text, 'consumer.php').filter((f) => f.rule === rule);
}

describe('memory.unboundedLoopGrowth reports the growth real PHP measures', () => {
  before(() => {
    const v = spawnSync('php', ['-r', 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;'], { encoding: 'utf8' });
    assert.equal(v.error, undefined, 'php is not installed: run scripts/ensure-tools.sh (Debian php8.2-cli)');
    assert.equal(v.stdout, '8.2', `these figures are for PHP 8.2, found ${v.stdout}`);
  });

  const leaking: Array<[string, string, string, RegExp]> = [
    ['an array of fields kept per invoice', '$invoices = [];',
      "    $invoices[] = ['offset' => $message->offset, 'body' => $message->payload];", /^retains (\d+) bytes per message/],
    ['the message object itself kept', '$received = [];', '    $received[] = $message;', /^retains (\d+) bytes and 1 object per message/],
    ['a text log of every payload', "$log = '';", '    $log .= $message->payload . "\\n";', /^retains (\d+) bytes per message/],
  ];
  for (const [name, setup, body, shape] of leaking) {
    test(`leaking: ${name}`, () => {
      const text = consumer(setup, body);
      const real = realPhpGrowth(text);
      assert.ok(real > 0, `real PHP should grow, got ${real} bytes`);
      const [finding, ...more] = growthFindings(text);
      assert.ok(finding, 'the growing container is reported');
      assert.equal(more.length, 0);
      assert.equal(finding.severity, 'warning');
      const claim = /`while \(true\)` (retains .*?, simulated over 1,000 iterations)\./.exec(finding.message);
      assert.ok(claim, `the finding states the simulated growth: ${finding.message}`);
      const bytes = Number(shape.exec(claim[1])?.[1]);
      assert.equal(bytes, Math.round(real / MESSAGES), `finding says ${claim[1]}; real PHP grew ${real} bytes over ${MESSAGES} messages`);
    });
  }

  test('non-leaking: a batch flushed by a helper function is not reported, and real PHP keeps nothing', () => {
    const helper = `function flushWhenFull(array &$pending, $db): void
{
    if (count($pending) >= 100) {
        $db->insertMany($pending);
        $pending = [];
    }
}
`;
    const text = consumer('$pending = [];\n$db = null;', '    $pending[] = $message->payload;\n    flushWhenFull($pending, $db);')
      .replace('<?php\n', `<?php\n${helper}`).replace('$db = null;', '$db = new class { public function insertMany(array $rows) {} };');
    assert.equal(realPhpGrowth(text), 0, 'real PHP keeps nothing per message once the warm-up batch is flushed');
    assert.deepEqual(growthFindings(text).map((f) => f.message), []);
  });
});

describe('where the simulation cannot judge, the static verdict stays and says nothing about simulation', () => {
  test('a write the placeholder messages never reach', () => {
    const [f] = growthFindings(consumer('$orders = [];', "    if (str_starts_with($message->payload, '{\"type\":\"order\"')) {\n        $orders[] = $message->payload;\n    }"));
    assert.ok(f);
    assert.doesNotMatch(f.message, /placeholder|simulated/);
  });

  test('keys taken from the message: every placeholder has the same key', () => {
    const [f] = growthFindings(consumer('$seen = [];', '    $seen[$message->key] = true;'));
    assert.ok(f);
    assert.doesNotMatch(f.message, /placeholder|simulated/);
  });

  test('$this in the body', () => {
    const text = `<?php
final class Consumer
{
    private array $seen = [];

    public function run(RdKafka\\KafkaConsumer $consumer): void
    {
        $buffer = [];
        while (true) {
            $message = $consumer->consume(1000);
            $buffer[] = $message->payload;
            $this->seen[] = $message->offset;
        }
    }
}
`;
    const found = growthFindings(text);
    assert.equal(found.length, 2);
    for (const f of found) assert.doesNotMatch(f.message, /placeholder|simulated/);
  });

  test('a call the placeholders cannot stand in for (an unknown function)', () => {
    const [f] = growthFindings(consumer('$rows = [];', '    $rows[] = decode_invoice($message->payload);'));
    assert.ok(f);
    assert.doesNotMatch(f.message, /placeholder|simulated/);
  });
});

describe("the editor ('cached') and the CLI ('run') agree once the lens has simulated the loop", () => {
  // A body no other test uses, so nothing is cached yet.
  const text = consumer('$flushed = [];', "    $flushed[] = $message->payload;\n    keepLastHundred($flushed, $db);")
    .replace('<?php\n', `<?php
function keepLastHundred(array &$rows, $db): void
{
    if (count($rows) > 100) {
        $db->archive($rows);
        $rows = [];
    }
}
`);
  test('static verdict first, the simulated one after the lens ran', () => {
    setGrowthMode('cached');
    try {
      assert.equal(growthFindings(text).length, 1, 'nothing simulated yet: the static verdict reports the append');
      // What the Worker health lens does: simulate with the file's declarations.
      const statements = topLevelStatements(parsePhp(text).program);
      const unit = splitUnits(statements).find((u) => u.kind === 'script')!;
      const [ctx] = findWorkerContexts(unit.nodes, text, defaultSettings).filter((c) => c.kind === 'loop');
      let told = 0;
      onGrowthMeasured(() => told++);
      const g = loopGrowth(ctx, text, statements.filter(isDeclaration), unit.nodes, simulatorRunner, true);
      assert.equal(told, 1, 'the server is told a measurement arrived, so it can re-analyse');
      assert.equal(g?.status, 'measured', g?.reason);
      assert.ok(g!.bytesPerIteration <= 0, `the flushed batch keeps nothing: ${g!.totalBytes} bytes`);
      assert.deepEqual(growthFindings(text), [], 'after the lens: the editor is silent, as the CLI is');
    } finally {
      setGrowthMode('run');
    }
    assert.deepEqual(growthFindings(text), [], "the CLI ('run') is silent too");
  });
});

describe('each growth rule is withdrawn when the simulation shows the loop keeps nothing', () => {
  for (const rule of ['memory.unboundedLoopGrowth', 'memory.staticAccumulation', 'memory.globalAccumulation']) {
    test(`${rule}: silent-workers.php is reported statically, and cleared by simulation`, () => {
      const path = join(__dirname, '..', 'fixtures', rule, 'silent-workers.php');
      const text = readFileSync(path, 'utf8');
      setGrowthMode('cached');
      try {
        // Nothing simulated yet in this process: the static verdict cannot see the reset in the helper function.
        assert.equal(analyze(text, path).filter((f) => f.rule === rule).length, 1);
      } finally {
        setGrowthMode('run');
      }
      assert.deepEqual(analyze(text, path).filter((f) => f.rule === rule).map((f) => f.message), []);
    });
  }
});

describe('the growth rules rise to warning in every framework context', () => {
  test('a static or global grown in a loop is reported once, by its own rule', () => {
    for (const rule of ['memory.staticAccumulation', 'memory.globalAccumulation']) {
      const path = join(__dirname, '..', 'fixtures', rule, 'fire-rdkafka.php');
      const found = analyze(readFileSync(path, 'utf8'), path).filter((f) => f.rule.startsWith('memory.'));
      assert.deepEqual(found.map((f) => f.rule), [rule]);
      assert.match(found[0].message, /With placeholder messages, `while \(true\)` retains \d+ bytes per message, simulated over 1,000 iterations\./);
    }
  });

  const frameworks = ['swoole', 'roadrunner', 'reactphp', 'messenger', 'rdkafka'];
  for (const rule of ['memory.unboundedLoopGrowth', 'memory.staticAccumulation', 'memory.globalAccumulation']) {
    for (const framework of frameworks) {
      test(`${rule} in the ${framework} fixture`, () => {
        const path = join(__dirname, '..', 'fixtures', rule, `fire-${framework}.php`);
        const found = analyze(readFileSync(path, 'utf8'), path).filter((f) => f.rule === rule);
        assert.equal(found.length, 1, `one finding in fire-${framework}.php`);
        assert.equal(found[0].severity, 'warning');
      });
    }
  }

  test('outside a long-running context the accumulation rules stay at their default (info)', () => {
    for (const rule of ['memory.staticAccumulation', 'memory.globalAccumulation']) {
      const path = join(__dirname, '..', 'fixtures', rule, 'fire.php');
      const found = analyze(readFileSync(path, 'utf8'), path).filter((f) => f.rule === rule);
      assert.ok(found.length > 0);
      for (const f of found) assert.equal(f.severity, 'info', f.message);
    }
  });
});
