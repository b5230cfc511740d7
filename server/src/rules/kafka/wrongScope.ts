import type { Rule } from '../types';
import { confWarnings } from '../../knowledge/kafka/client';
import { flowFor, confEntries, tableOf, stringInside, sidesReached } from '../../core/kafkaConf';

// A consumer property on a Conf that only ever builds producers (or the reverse) is ignored by librdkafka, which
// logs one CONFWARN line nobody reads; the setting the author relied on does not apply.
export const wrongScope: Rule = {
  meta: {
    id: 'kafka.wrongScope',
    area: 'kafka',
    severity: 'warning',
    description: 'A consumer-only property on a producer\'s Conf, or a producer-only one on a consumer\'s.',
    fixable: false,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    for (const obj of flow.objects) {
      if (obj.kind !== 'conf' && obj.kind !== 'topicConf') continue;
      const sides = sidesReached(obj);
      if (sides.size !== 1) continue;
      const side = [...sides][0];
      const client = side;
      const where = [...obj.reaches][0];
      for (const entry of confEntries(obj, table)) {
        const p = entry.property;
        if (!p || p.scope === 'both' || p.scope === side) continue;
        ctx.report({
          ...stringInside(entry.set.name, ctx.text),
          message: `${confWarnings(p, side).find((w) => w.includes('will be ignored'))}: librdkafka only logs this ` +
            '(CONFWARN) when the client is created, and the setting has no effect.',
          related: where?.origin.loc ? [{ start: where.origin.loc.start.offset, end: where.origin.loc.end.offset, message: `the ${client} this configuration is used for` }] : undefined,
        });
      }
    }
  },
};
