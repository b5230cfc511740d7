// The Conf/TopicConf/client tracker on its own: what each Conf gets, which client it reaches, which calls the client,
// its topics and messages receive, through locals, properties, helper methods and closures; and that odd input
// never throws or hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements, splitUnits } from '../../server/src/core/units';
import { kafkaFlow, rdkafkaImports, loopsAround } from '../../server/src/core/kafkaFlow';
import { confState, settled } from '../../server/src/core/kafkaConf';
import { NEWEST } from '../../server/src/knowledge/kafka/table';
import { runUnit } from '../../server/src/rules/run';
import { kafkaRules } from '../../server/src/rules/kafka';
import { fileFacts } from '../../server/src/core/facts';
import { defaultSettings } from '../../server/src/config';

function flowOf(src: string, unitIndex = 0) {
  const units = splitUnits(topLevelStatements(parsePhp(src).program));
  return kafkaFlow(units[unitIndex].nodes, src);
}

test('a class: conf built in a helper, configured in another, reaching a consumer held in a property', () => {
  const flow = flowOf(`<?php
use RdKafka\\{Conf, KafkaConsumer as Consumer};
class Worker {
    private Consumer $consumer;
    public function __construct() {
        $conf = $this->base();
        $this->tune($conf);
        $this->consumer = new Consumer($conf);
    }
    private function base(): Conf { $c = new Conf(); $c->set('group.id', 'g'); return $c; }
    private function tune(Conf $conf): void { $conf->set('enable.auto.commit', 'false'); }
    public function run(): void {
        while (true) { $m = $this->consumer->consume(100); $this->consumer->commit($m); }
    }
}`);
  const confs = flow.objects.filter((o) => o.kind === 'conf' && o.allocated);
  assert.equal(confs.length, 1);
  const state = confState(confs[0], NEWEST);
  assert.ok(state.complete);
  assert.deepEqual([...state.values.keys()].sort(), ['enable.auto.commit', 'group.id']);
  assert.equal(settled(state, 'enable.auto.commit'), false);
  assert.equal(settled(state, 'enable.partition.eof'), undefined);
  const consumer = flow.objects.find((o) => o.kind === 'kafkaConsumer' && o.allocated)!;
  assert.ok(consumer.confs.has(confs[0]));
  assert.deepEqual(consumer.calls.map((c) => c.method).sort(), ['commit', 'consume']);
  const message = flow.objects.find((o) => o.kind === 'message')!;
  assert.ok(message.clients.has(consumer));
  assert.equal(loopsAround(flow, message.origin).length, 1);
});

test('a TopicConf reaches its producer through newTopic and setDefaultTopicConf', () => {
  const flow = flowOf(`<?php
$tc = new RdKafka\\TopicConf();
$tc->set('acks', '1');
$conf = new RdKafka\\Conf();
$conf->setDefaultTopicConf($tc);
$conf->set('enable.idempotence', 'true');
$p = new RdKafka\\Producer($conf);
$t = $p->newTopic('x', $tc);
$t->produce(RD_KAFKA_PARTITION_UA, 0, 'm');
`);
  const tc = flow.objects.find((o) => o.kind === 'topicConf')!;
  const producer = flow.objects.find((o) => o.kind === 'producer')!;
  assert.ok(tc.reaches.has(producer));
  const conf = flow.objects.find((o) => o.kind === 'conf')!;
  const state = confState(conf, NEWEST);
  assert.equal(settled(state, 'request.required.acks'), 1, 'the default TopicConf is part of the Conf');
  const topic = flow.objects.find((o) => o.kind === 'topic')!;
  assert.deepEqual(topic.calls.map((c) => c.method), ['produce']);
});

test('objects handed to unknown code escape; names we cannot read make a Conf incomplete', () => {
  const flow = flowOf(`<?php
$conf = new RdKafka\\Conf();
configure($conf);
$dyn = new RdKafka\\Conf();
$dyn->set($k, 'v');
`);
  const [a, b] = flow.objects.filter((o) => o.kind === 'conf');
  assert.equal(a.escaped, true);
  assert.equal(confState(b, NEWEST).complete, false);
});

test('only RdKafka classes count: a Symfony Consumer or a Conf of another namespace is ignored', () => {
  const flow = flowOf(`<?php
use Symfony\\Component\\Messenger\\Consumer;
$c = new Consumer();
$x = new Conf();
$y = new \\App\\Kafka\\Conf();
`);
  assert.equal(flow.objects.length, 0);
  assert.deepEqual([...rdkafkaImports('<?php use RdKafka\\Conf as KConf; use RdKafka\\{Producer, TopicConf};').entries()],
    [['kconf', 'conf'], ['producer', 'producer'], ['topicconf', 'topicconf']]);
});

test('odd input never throws or hangs', () => {
  const deep = `<?php $conf = new RdKafka\\Conf(); $x = ${'$a ?? '.repeat(3000)}$conf; $x->set('foo', '1');`;
  const inputs = [
    '<?php $conf = new RdKafka\\Conf(); $conf->set(',
    "<?php $conf = new RdKafka\\Conf(); $conf->set('linger.ms', '5'",
    '<?php class { function ( RdKafka',
    '\u0000\u0001RdKafka\u00ff<?php new RdKafka\\Producer(',
    deep,
    `<?php $conf = new RdKafka\\Conf();\n${"$conf->set('linger.ms', '5');\n".repeat(20000)}`,
  ];
  for (const text of inputs) {
    const units = splitUnits(topLevelStatements(parsePhp(text).program));
    const started = Date.now();
    const findings = units.flatMap((unit) => runUnit(unit, text, 'odd.php', fileFacts(text), defaultSettings, kafkaRules));
    assert.ok(!findings.some((f) => f.rule === 'memlens.internalError' && /kafka/.test(f.message)), `a kafka rule failed on ${JSON.stringify(text.slice(0, 60))}: ${findings.map((f) => f.message).join(' | ')}`);
    assert.ok(Date.now() - started < 3000, `the kafka rules took ${Date.now() - started} ms`);
  }
});
