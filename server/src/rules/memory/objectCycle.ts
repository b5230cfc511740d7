import type { Rule } from '../types';
import { cycleEvents, describeCycle, releaseText, relatedLinks, breakCycleFix, eventRange, objectLabel } from './cycles';

// Objects that point at each other keep each other's refcount above 0: when the last variable holding them goes,
// PHP does not free them. They wait in the possible-root buffer until the cycle collector runs (when 10,000 roots
// have piled up, or on gc_collect_cycles()), and until then their memory and their destructors are held back.
export const objectCycle: Rule = {
  meta: {
    id: 'memory.objectCycle',
    area: 'memory',
    severity: 'warning',
    description: 'Objects linked into a cycle are released while the cycle is intact: only the cycle collector frees them.',
    fixable: true,
  },
  check(ctx) {
    for (const event of cycleEvents(ctx)) {
      const n = event.members.length;
      const fix = breakCycleFix(ctx.text, event);
      ctx.report({
        ...eventRange(ctx.text, event),
        message: `${releaseText(ctx.text, event)} ${n} objects (${event.members.map((m) => objectLabel(ctx.text, m)).join(', ')}) ` +
          `still point at each other through ${describeCycle(ctx.text, event)}. ` +
          'Their refcounts never reach 0, so PHP does not free them here: they stay in memory until the cycle ' +
          'collector runs (after 10,000 possible roots, or gc_collect_cycles()) or the script ends.',
        related: relatedLinks(ctx.text, event),
        fixes: fix ? [fix] : [],
      });
    }
  },
};
