import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { span } from '../../core/walk';
import { workerContexts } from '../../core/workerContext';
import { queueFacts, queueFills, withArticle } from '../../core/workerCode';

// A queue inside the process decouples producers from consumers, and with no bound it also hides when the consumer
// falls behind: the backlog grows in memory until memory_limit, and everything in it is lost when the process dies.
export const unboundedQueue: Rule = {
  meta: {
    id: 'worker.unboundedQueue',
    area: 'worker',
    severity: 'warning',
    description: 'An in-process queue filled in a long-running loop or callback with no size check or backpressure.',
    fixable: false,
  },
  check(ctx) {
    const contexts = workerContexts(ctx.unit, ctx.text, ctx.settings);
    if (!contexts.length) return;
    const facts = queueFacts(ctx.unit.nodes, ctx.text);
    if (!facts.queues.size) return;
    const seen = new Set<Node>();
    for (const c of contexts) {
      for (const fill of queueFills(c, ctx.text, facts)) {
        if (seen.has(fill.call)) continue;
        seen.add(fill.call);
        ctx.report({
          ...span(fill.call, ctx.text),
          message: `\`${fill.key}\` is a queue filled on every ${c.unitOfWork} of ${withArticle(c.label)}, and nothing checks its ` +
            'size: when items arrive faster than they are taken, the backlog grows in memory until memory_limit ' +
            'kills the process (losing every queued item). Check `count()` before adding and push back (pause the ' +
            'consumer, reject, or block the producer), or drop the oldest items.',
        });
      }
    }
  },
};
