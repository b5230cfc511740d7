import type { Rule } from '../types';
import { flowFor, allEntries, tableOf, stringInside } from '../../core/kafkaConf';
import { indexOf } from '../../knowledge/kafka/table';
import { plainDescription } from '../../knowledge/kafka/client';

// Deprecated properties are accepted but do nothing (or will go away); librdkafka logs a CONFWARN when the client
// is created, which php-rdkafka users rarely see.
export const deprecatedProperty: Rule = {
  meta: {
    id: 'kafka.deprecatedProperty',
    area: 'kafka',
    severity: 'info',
    description: 'Conf::set() of a property librdkafka marks deprecated.',
    fixable: false,
    tags: ['deprecated'],
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    const index = indexOf(table);
    for (const { obj, entry } of allEntries(flow, table)) {
      if (!entry.name || !entry.property || !entry.property.deprecated) continue;
      const bare = entry.name.replace(/^topic\./, '');
      const hit = (obj.kind === 'conf' ? index.global.get(entry.name) : undefined) ?? index.topic.get(bare);
      const why = plainDescription(entry.property).replace(/\.$/, '');
      const aliasNote = hit && hit.name !== entry.property.name ? ` ("${hit.name}" is an alias of it)` : '';
      ctx.report({
        ...stringInside(entry.set.name, ctx.text),
        message: `Configuration property ${entry.property.name} is deprecated: ${why}${aliasNote}. librdkafka ` +
          `${table.librdkafka} accepts it and logs this CONFWARN when the client is created.`,
      });
    }
  },
};
