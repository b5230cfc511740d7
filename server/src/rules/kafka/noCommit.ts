import type { Rule } from '../types';
import { flowFor, confState, settled, tableOf } from '../../core/kafkaConf';
import { span } from '../../core/walk';

const COMMITS = new Set(['commit', 'commitasync']);
const STORES = new Set(['offsetstore', 'offsetsstore', 'storeoffsets']);

// With enable.auto.commit=false nothing writes the group's offsets unless the code commits: a restarted consumer
// starts again from the last committed offset (or auto.offset.reset) and gets every message again. Stored offsets
// (offsetStore) are only committed by the auto-commit, so they do not help here (FACTS.md 7).
export const noCommit: Rule = {
  meta: {
    id: 'kafka.noCommit',
    area: 'kafka',
    severity: 'warning',
    description: 'A KafkaConsumer with enable.auto.commit=false that never calls commit()/commitAsync().',
    fixable: false,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    for (const consumer of flow.objects) {
      if (consumer.kind !== 'kafkaConsumer' || consumer.origin.kind !== 'new' || consumer.escaped || !consumer.confs.size) continue;
      const states = [...consumer.confs].map((c) => confState(c, table));
      if (!states.every((s) => settled(s, 'enable.auto.commit') === false)) continue;
      const topics = flow.objects.filter((o) => o.kind === 'topic' && o.clients.has(consumer));
      const calls = [...consumer.calls, ...topics.flatMap((t) => t.calls)];
      if (calls.some((c) => COMMITS.has(c.method))) continue;
      const stores = calls.some((c) => STORES.has(c.method));
      ctx.report({
        ...span(consumer.origin, ctx.text),
        message: 'enable.auto.commit=false and this consumer never calls commit() or commitAsync(): no offset is ever ' +
          'committed, so after a restart or rebalance the group starts over and every message is delivered again' +
          (stores ? ' (offsetStore() only stores offsets for the auto-commit, which is off).' : '.'),
      });
    }
  },
};
