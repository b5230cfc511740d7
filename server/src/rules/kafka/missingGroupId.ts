import type { Rule } from '../types';
import { flowFor, confState, tableOf, statementOf, insertBeforeStatement } from '../../core/kafkaConf';
import { span } from '../../core/walk';

// The high-level consumer joins a consumer group; without group.id php-rdkafka's KafkaConsumer constructor throws
// before anything is consumed.
export const missingGroupId: Rule = {
  meta: {
    id: 'kafka.missingGroupId',
    area: 'kafka',
    severity: 'error',
    description: 'new RdKafka\\KafkaConsumer($conf) where $conf never gets group.id: the constructor throws.',
    fixable: true,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    for (const consumer of flow.objects) {
      if (consumer.kind !== 'kafkaConsumer' || consumer.origin.kind !== 'new' || !consumer.confs.size) continue;
      const states = [...consumer.confs].map((c) => confState(c, table));
      if (!states.every((s) => s.complete) || states.some((s) => s.values.has('group.id'))) continue;
      const arg = consumer.origin.arguments?.[0];
      const argText = arg ? ctx.text.slice(span(arg, ctx.text).start, span(arg, ctx.text).end) : '';
      const statement = statementOf(flow, consumer.origin);
      const simple = /^\$(this->)?\w+$/.test(argText);
      ctx.report({
        ...span(consumer.origin, ctx.text),
        message: '"group.id" must be configured: the KafkaConsumer constructor throws RdKafka\\Exception with this ' +
          'text, because the high-level consumer always joins a consumer group and this Conf never sets group.id.',
        fixes: simple && statement
          ? [{ title: "Set a group.id ('my-group' placeholder)", edits: [insertBeforeStatement(ctx.text, statement, [`${argText}->set('group.id', 'my-group');`])], preferred: true }]
          : [],
      });
    }
  },
};
