import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { flowFor, statementOf, insertAfterStatement } from '../../core/kafkaConf';
import { loopsAround } from '../../core/kafkaFlow';
import { span } from '../../core/walk';

const PRODUCE = new Set(['produce', 'producev']);
// commitTransaction() flushes every outstanding message before committing.
const FLUSHES = new Set(['flush', 'committransaction']);

export function flushRetryLoop(producer: string): string[] {
  return [
    'for ($flushRetries = 0; $flushRetries < 10; $flushRetries++) {',
    `    $result = ${producer}->flush(10000);`,
    '    if (RD_KAFKA_RESP_ERR_NO_ERROR === $result) {',
    '        break;',
    '    }',
    '}',
    'if (RD_KAFKA_RESP_ERR_NO_ERROR !== $result) {',
    "    throw new \\RuntimeException('Was unable to flush, messages might be lost!');",
    '}',
  ];
}

// produce() only queues the message in librdkafka; a producer destroyed before its queue drains drops what is
// left (FACTS.md 7: 1000 produced without flush -> 0 in the topic).
export const missingFlush: Rule = {
  meta: {
    id: 'kafka.missingFlush',
    area: 'kafka',
    severity: 'error',
    description: 'A Producer that produces but is never flushed: queued messages are dropped when it is destroyed.',
    fixable: true,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    for (const producer of flow.objects) {
      if (producer.kind !== 'producer' || producer.origin.kind !== 'new' || producer.escaped) continue;
      const topics = flow.objects.filter((o) => o.kind === 'topic' && o.clients.has(producer));
      if (topics.some((t) => t.escaped)) continue;
      const produces = topics.flatMap((t) => t.calls.filter((c) => PRODUCE.has(c.method)));
      if (!produces.length) continue;
      const flushes = producer.calls.filter((c) => FLUSHES.has(c.method));
      if (flushes.length) {
        const checked = flushes.some((f) => f.method === 'committransaction' || flow.ancestors(f.call)[0]?.kind !== 'expressionstatement' || loopsAround(flow, f.call).length > 0);
        if (checked) continue;
        const f = flushes[0];
        ctx.report({
          ...span(f.call, ctx.text),
          severity: 'warning',
          message: 'flush() is called once and its result ignored: when it times out (RD_KAFKA_RESP_ERR__TIMED_OUT) ' +
            'the messages still queued are dropped when the producer is destroyed. Retry until it returns RD_KAFKA_RESP_ERR_NO_ERROR.',
        });
        continue;
      }
      const last = produces.reduce((a, b) => (a.call.loc!.start.offset > b.call.loc!.start.offset ? a : b));
      let outer: Node | null = statementOf(flow, last.call);
      const loops = loopsAround(flow, last.call).filter((l) => flow.fnOf(l) === last.fn);
      if (loops.length) outer = statementOf(flow, loops[loops.length - 1]);
      const holder = flow.holderIn(producer, last.fn);
      ctx.report({
        ...span(producer.origin, ctx.text),
        message: 'This producer produces but is never flushed: produce() only queues messages in librdkafka, and ' +
          'whatever is still queued when the producer is destroyed (end of script or request) is dropped. Measured: ' +
          '1000 produced without flush() -> 0 in the topic; with flush() -> 1000.',
        related: [{ ...span(last.call, ctx.text), message: 'messages are queued here' }],
        fixes: holder && outer ? [{ title: 'Insert the flush-retry loop', edits: [insertAfterStatement(ctx.text, outer, flushRetryLoop(holder))], preferred: true }] : [],
      });
    }
  },
};
