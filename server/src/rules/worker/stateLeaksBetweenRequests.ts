import type { Rule } from '../types';
import { span } from '../../core/walk';
import { workerContexts, type WorkerContext } from '../../core/workerContext';
import { stateWrites, isReset, withArticle, type StateWrite } from '../../core/workerCode';

// Under PHP-FPM every request starts with empty statics and globals. Under Swoole, RoadRunner, Octane, ReactPHP or
// Amp one process serves request after request (Swoole and the event loops even several at once), so whatever a
// request writes to a static, a global or a singleton is what the next request reads.
export const stateLeaksBetweenRequests: Rule = {
  meta: {
    id: 'worker.stateLeaksBetweenRequests',
    area: 'worker',
    severity: 'warning',
    description: 'A request handler of a long-lived server writes a static property, a global or a singleton property.',
    fixable: false,
  },
  check(ctx) {
    for (const c of workerContexts(ctx.unit, ctx.text, ctx.settings)) {
      if (!servesRequests(c)) continue;
      const writes = stateWrites(c, ctx.text).filter((w) => w.kind !== 'property');
      const resetKeys = new Set(writes.filter((w) => isReset(w.write)).map((w) => w.key));
      const reported = new Set<string>();
      for (const w of writes) {
        // A handler that clears the place itself (in a `finally`, or at its start) leaves nothing for the next one.
        if (resetKeys.has(w.key) || reported.has(w.key)) continue;
        reported.add(w.key);
        ctx.report({ ...span(w.write, ctx.text), message: message(w, c) });
      }
    }
  },
};

/** Entry points that serve one user request (or one message from the network) out of many in one process. */
export function servesRequests(c: WorkerContext): boolean {
  if (c.framework === 'roadrunner' || c.framework === 'octane') return c.unitOfWork !== 'tick';
  if (c.framework === 'swoole') return c.unitOfWork !== 'task' || c.label.startsWith("Swoole 'task'");
  if (c.framework === 'reactphp' || c.framework === 'amp') return c.unitOfWork === 'request' || c.unitOfWork === 'connection' || c.unitOfWork === 'chunk' || c.unitOfWork === 'message';
  return false;
}

function message(w: StateWrite, c: WorkerContext): string {
  const concurrent = c.concurrent
    ? ` Requests handled at the same time in this process share it too, so one can read another's value mid-request.`
    : '';
  return `\`${w.key}\` (${w.kind}) is written in ${withArticle(c.label)}. The process serves request after request, so the ` +
    `next ${c.unitOfWork} starts with this value instead of a fresh one (under PHP-FPM it would start empty).${concurrent} ` +
    'Keep per-request data in the request (attributes, a request-scoped service), or reset it in a `finally` block.';
}
