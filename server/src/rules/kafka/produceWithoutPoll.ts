import type { Rule } from '../types';
import { flowFor, statementOf, insertAfterStatement } from '../../core/kafkaConf';
import { loopsAround, within, functionsRunBy } from '../../core/kafkaFlow';
import { span } from '../../core/walk';

const PRODUCE = new Set(['produce', 'producev']);
const SERVES = new Set(['poll', 'flush']);

// Delivery reports and callbacks are served only by poll()/flush(); a produce loop that never polls lets the
// local queue fill until produce() fails with "Local: Queue full" (FACTS.md 7).
export const produceWithoutPoll: Rule = {
  meta: {
    id: 'kafka.produceWithoutPoll',
    area: 'kafka',
    severity: 'warning',
    description: 'produce()/producev() in a loop with no poll() in that loop.',
    fixable: true,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    for (const topic of flow.objects) {
      if (topic.kind !== 'topic') continue;
      const producers = [...topic.clients].filter((c) => c.kind === 'producer');
      if (!producers.length) continue;
      for (const produce of topic.calls.filter((c) => PRODUCE.has(c.method))) {
        const loops = loopsAround(flow, produce.call);
        if (!loops.length) continue;
        const polled = loops.some((loop) => {
          const runs = functionsRunBy(flow, loop);
          return producers.some((p) => p.calls.some((c) => SERVES.has(c.method) && (within(c.call, loop) || runs.has(c.fn))));
        });
        if (polled) continue;
        const holder = producers.length === 1 ? flow.holderIn(producers[0], produce.fn) : null;
        const statement = statementOf(flow, produce.call);
        ctx.report({
          ...span(produce.call, ctx.text),
          message: `${produce.method}() in a loop that never calls poll(): delivery reports are never served, so ` +
            'the local queue (queue.buffering.max.messages, 100000 by default) fills and produce() starts failing ' +
            'with "Local: Queue full"; delivery callbacks never run.',
          fixes: holder && statement ? [{ title: `Insert ${holder}->poll(0) after it`, edits: [insertAfterStatement(ctx.text, statement, [`${holder}->poll(0);`])], preferred: true }] : [],
        });
      }
    }
  },
};
