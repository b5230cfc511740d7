import type { Rule } from '../types';
import { flowFor, allEntries, tableOf, stringInside } from '../../core/kafkaConf';
import { suggestName } from '../../knowledge/kafka/suggest';
import { indexOf } from '../../knowledge/kafka/table';

// librdkafka knows a fixed set of property names (case-sensitive); any other name makes Conf::set throw
// RdKafka\Exception before the client exists, so the typo never reaches a broker.
export const unknownProperty: Rule = {
  meta: {
    id: 'kafka.unknownProperty',
    area: 'kafka',
    severity: 'error',
    description: 'Conf::set() with a property name librdkafka does not know: it throws RdKafka\\Exception.',
    fixable: true,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    for (const { obj, entry } of allEntries(flow, table)) {
      if (entry.name === null || !entry.unknown) continue;
      const klass = obj.kind === 'topicConf' ? 'RdKafka\\TopicConf' : 'RdKafka\\Conf';
      // A global property given to TopicConf::set(): the name is right, the object is not.
      const global = obj.kind === 'topicConf' ? indexOf(table).global.get(entry.name.replace(/^topic\./, '')) : undefined;
      const suggestion = global ? null : suggestName(table, entry.name, obj.kind === 'topicConf' ? 'topic' : 'any');
      const range = stringInside(entry.set.name, ctx.text);
      ctx.report({
        ...range,
        message: `${entry.unknown} (librdkafka ${table.librdkafka}). ` +
          `${klass}::set() throws RdKafka\\Exception (code -2) here, so the client is never created.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : '') +
          (global ? ` ${global.name} is a global property: set it on the RdKafka\\Conf instead.` : ''),
        fixes: suggestion && entry.set.name.kind === 'string'
          ? [{ title: `Change to '${suggestion}'`, edits: [{ ...range, newText: suggestion }], preferred: true }]
          : [],
      });
    }
  },
};
