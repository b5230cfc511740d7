import type { Rule } from '../types';
import { flowFor, allEntries, tableOf } from '../../core/kafkaConf';
import { span } from '../../core/walk';

// RdKafka\Conf::set(string $name, string $value): with strict_types=1 an int, float or bool argument is a TypeError
// instead of being converted, so code that worked without the declare stops at this line.
export const strictTypesValue: Rule = {
  meta: {
    id: 'kafka.strictTypesValue',
    area: 'kafka',
    severity: 'error',
    description: 'Conf::set() with an int/float/bool value under declare(strict_types=1): a TypeError at run time.',
    fixable: true,
  },
  check(ctx) {
    if (!ctx.facts.strictTypes) return;
    const flow = flowFor(ctx);
    if (!flow) return;
    for (const { obj, entry } of allEntries(flow, tableOf(ctx))) {
      const v = entry.value;
      if (!v || v.type === 'string' || !entry.set.value) continue;
      const klass = obj.kind === 'topicConf' ? 'RdKafka\\TopicConf' : 'RdKafka\\Conf';
      const range = span(entry.set.value, ctx.text);
      const literal = ctx.text.slice(range.start, range.end);
      const text = v.type === 'bool' ? literal.toLowerCase() : v.value;
      ctx.report({
        ...range,
        message: `${klass}::set(): Argument #2 ($value) must be of type string, ${v.type} given: with ` +
          'declare(strict_types=1) PHP throws a TypeError here instead of converting the value.',
        fixes: [{ title: `Pass the string '${text}'`, edits: [{ ...range, newText: `'${text}'` }], preferred: true }],
      });
    }
  },
};
