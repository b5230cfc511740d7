import type { Rule } from '../types';
import { flowFor, allEntries, tableOf, stringInside } from '../../core/kafkaConf';
import { span } from '../../core/walk';

// librdkafka parses each value when it is set and rejects what it cannot read; php-rdkafka turns that into an
// RdKafka\Exception with librdkafka's own text. Values built at run time are never judged.
export const invalidValue: Rule = {
  meta: {
    id: 'kafka.invalidValue',
    area: 'kafka',
    severity: 'error',
    description: 'Conf::set() with a constant value librdkafka rejects (range, enum, bool form): it throws RdKafka\\Exception.',
    fixable: false,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    for (const { obj, entry } of allEntries(flow, table)) {
      if (!entry.result || entry.result.verdict !== 'invalid' || !entry.value || !entry.set.value) continue;
      // Under strict_types a non-string never reaches librdkafka: kafka.strictTypesValue reports the TypeError.
      if (ctx.facts.strictTypes && entry.value.type !== 'string') continue;
      const klass = obj.kind === 'topicConf' ? 'RdKafka\\TopicConf' : 'RdKafka\\Conf';
      const converted = entry.value.type === 'bool' ? ` (PHP passes ${entry.value.value === '' ? "false as ''" : "true as '1'"})` : '';
      const range = entry.set.value.kind === 'string' ? stringInside(entry.set.value, ctx.text) : span(entry.set.value, ctx.text);
      ctx.report({
        ...range,
        message: `${entry.result.message!.trim()}${converted}. ${klass}::set() throws RdKafka\\Exception (code -1) with ` +
          `this text, so the client is never created (librdkafka ${table.librdkafka}).`,
      });
    }
  },
};
