// The "Worker health" hover and code lens, and the cross-file half of worker.fpmMaxRequests.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { workerFeatures, workerHealth } from '../../server/src/features/worker';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements } from '../../server/src/core/units';
import { defaultSettings } from '../../server/src/config';
import { fpmMaxRequestsInProject } from '../../server/src/rules/worker/fpmMaxRequests';
import { analyze } from '../support/fixtures';
import { Commands } from '../../server/src/protocol';
import type { FeatureContext } from '../../server/src/features/types';

function context(text: string, offset = 0): FeatureContext {
  const statements = topLevelStatements(parsePhp(text).program);
  return { text, fileName: 'worker.php', language: 'php', offset, settings: defaultSettings, statements: () => statements };
}

const consumer = `<?php
$consumer = new RdKafka\\KafkaConsumer($conf);
$seen = [];
while (true) {
    $message = $consumer->consume(1000);
    $seen[] = $message->payload;
}
`;

const reactphp = `<?php
use React\\EventLoop\\Loop;
Loop::addPeriodicTimer(1.0, function () use ($pdo) {
    sleep(1);
    self::$ticks[] = time();
});
`;

describe('Worker health code lens', () => {
  test('one lens per long-running context, with guard, state and simulated growth', () => {
    const lenses = workerFeatures.codeLenses![0](context(consumer));
    assert.equal(lenses.length, 1);
    const [lens] = lenses;
    assert.equal(consumer.slice(lens.start, lens.end), 'while (true)');
    assert.equal(lens.title, 'Worker health (php-rdkafka consume loop): no memory guard · keeps 1 value across messages · +20 B/message (simulated)');
    assert.equal(lens.command, Commands.simulate);
    const arg = lens.arguments![0] as { target: { kind: string; start: number; end: number } };
    assert.equal(arg.target.kind, 'selection');
    assert.ok(consumer.slice(arg.target.start, arg.target.end).includes('$seen[] = $message->payload;'));
  });

  test('event-loop callbacks list their blocking calls', () => {
    const [lens] = workerFeatures.codeLenses![0](context(reactphp));
    assert.equal(lens.title, 'Worker health (ReactPHP periodic timer): 1 blocking call · keeps 1 value across ticks');
  });

  test('entry points with nothing to report get no lens (the hover still answers)', () => {
    const text = '<?php\n#[AsMessageHandler]\nfinal class H { public function __invoke(M $m) { $x = 1; } }\n';
    assert.deepEqual(workerFeatures.codeLenses![0](context(text)), []);
    assert.match(workerFeatures.hovers![0](context(text, text.indexOf('__invoke') + 1))!.markdown, /Symfony Messenger handler/);
  });

  test('ordinary web code gets no lens', () => {
    assert.deepEqual(workerFeatures.codeLenses![0](context('<?php\nforeach ($rows as $r) { echo $r; }\n')), []);
  });
});

describe('Worker health hover', () => {
  test('on the loop header: a table of the four answers', () => {
    const hover = workerFeatures.hovers![0](context(consumer, consumer.indexOf('while') + 2))!;
    assert.ok(hover, 'hover on the loop header');
    assert.equal(consumer.slice(hover.start, hover.end), 'while (true)');
    assert.match(hover.markdown, /\*\*Worker health\*\*: php-rdkafka consume loop \(runs once per message\)/);
    assert.match(hover.markdown, /\| Memory guard \| \*\*no\*\*/);
    assert.match(hover.markdown, /\| Blocking calls \| none \|/);
    assert.match(hover.markdown, /\| State kept across messages \| `\$seen` \|/);
    assert.match(hover.markdown, /\| Simulated growth \| retains 20 bytes per message, simulated over 1,000 iterations \|/);
  });

  test('a guarded loop says which check guards it', () => {
    const text = consumer.replace('    $seen[] = $message->payload;\n', '    if (memory_get_usage() > 64000000) {\n        break;\n    }\n');
    const hover = workerFeatures.hovers![0](context(text, text.indexOf('while')))!;
    assert.match(hover.markdown, /\| Memory guard \| yes: exits on a memory check \(line 6\) \|/);
    assert.match(hover.markdown, /retains nothing per message/);
  });

  test('blocking calls of an event-loop callback are listed with their lines', () => {
    const hover = workerFeatures.hovers![0](context(reactphp, reactphp.indexOf('addPeriodicTimer')))!;
    assert.match(hover.markdown, /\| Blocking calls \| `sleep\(\)` \(line 4\): each stalls every concurrent task \|/);
    assert.match(hover.markdown, /\| State kept across ticks \| `self::\$ticks` \|/);
  });

  test('no hover away from a worker entry point', () => {
    assert.equal(workerFeatures.hovers![0](context(consumer, consumer.indexOf('$seen[]'))), null);
  });

  test('workerHealth reports framework-owned limits for callbacks', () => {
    const text = '<?php\n#[AsMessageHandler]\nfinal class H { public function __invoke(M $m) {} }\n';
    const [h] = workerHealth(text, defaultSettings, topLevelStatements(parsePhp(text).program));
    assert.equal(h.guarded, null);
    assert.match(h.advice, /messenger:consume --memory-limit/);
  });
});

describe('worker.fpmMaxRequests across the project', () => {
  const pool = '[www]\npm = dynamic\npm.max_requests = 0\n';
  const findings = analyze(pool, 'www.fpm.conf').filter((f) => f.rule === 'worker.fpmMaxRequests');

  test('kept, with evidence, when the project has memory findings', () => {
    assert.equal(findings.length, 1);
    const out = fpmMaxRequestsInProject(findings, [
      { file: 'src/Tree.php', rule: 'memory.objectCycle', line: 12 },
      { file: 'src/Kafka.php', rule: 'kafka.noCommit', line: 3 },
    ]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /This project has 1 memory finding \(memory\.objectCycle in src\/Tree\.php:12\)\.$/);
  });

  test('dropped when the project has none', () => {
    assert.deepEqual(fpmMaxRequestsInProject(findings, [{ file: 'a.php', rule: 'kafka.noCommit' }]), []);
  });
});
