import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, FUNCTION_LIKE } from '../../core/walk';
import { growthWrites, hasEviction, keyPath } from '../../core/modelGrowth';
import { isLongRunningLoop } from '../../core/loops';
import { nodesOfKind } from '../../core/modelIndex';

// A long-running loop repeats until the process is killed. A container declared outside it that gains an element or
// a string suffix per iteration, and is never reset inside it, grows until memory_limit ends the worker.
export const unboundedLoopGrowth: Rule = {
  meta: {
    id: 'memory.unboundedLoopGrowth',
    area: 'memory',
    severity: 'warning',
    description: 'Inside a long-running loop, an array or string from outside the loop grows every iteration and is never reset.',
    fixable: false,
  },
  check(ctx) {
    if (!['while', 'do', 'for'].some((k) => nodesOfKind(ctx.unit.nodes, k).length)) return;
    const seen = new Set<Node>();
    for (const unit of ctx.unit.nodes) {
      walk(unit, (loop) => {
        if (!isLongRunningLoop(loop, ctx.settings)) return undefined;
        for (const w of growthWrites(loop.body ?? loop)) {
          if (seen.has(w.node)) continue;
          seen.add(w.node);
          if (w.key.startsWith('global:')) continue;
          // `$status['exitcode'] = ...`, `$byType[$type] = ...`: a fixed or code-defined key set does not grow.
          if (w.how === 'keyed' && isFixedKey(keyPath(w.node.left)[0])) continue;
          // Reset, trimmed or size-checked inside the loop: bounded per iteration or batch.
          if (hasEviction(loop, w.key)) continue;
          // `$message->parts[] = ...` on an object fetched in the loop grows a fresh object each time.
          const root = /^\$(\w+)->/.exec(w.key)?.[1];
          if (root && root !== 'this' && boundIn(loop, root)) continue;
          const what = w.how === 'concat' ? 'a string' : 'an array';
          const lr = loopLabel(ctx.text, loop);
          ctx.report({
            ...span(w.node, ctx.text),
            message: `${w.key} is ${what} declared outside the long-running loop \`${lr}\` and ` +
              `${w.how === 'concat' ? 'gets longer' : 'gets a new element'} on every iteration; nothing in the loop resets ` +
              'or trims it, so the worker\'s memory grows until memory_limit kills it. Reset it per iteration or ' +
              'batch (`$buf = []` after flushing), or bound it.',
          });
        }
        return undefined;
      });
    }
  },
};

function loopLabel(text: string, loop: Node): string {
  const start = loop.loc!.start.offset;
  const bodyStart = loop.body?.loc?.start.offset ?? start + 20;
  const head = text.slice(start, Math.min(bodyStart, start + 60)).replace(/\s+/g, ' ').replace(/[\s{:]+$/, '');
  return head;
}

/** Keys from a small fixed set: literals, constants, and variables named for a kind/type/status. */
function isFixedKey(k: Node | null): boolean {
  if (!k) return false;
  if (['string', 'number', 'boolean', 'constref', 'classconstant', 'name', 'magic'].includes(k.kind)) return true;
  if (k.kind === 'staticlookup') return k.offset?.kind === 'identifier';
  if (k.kind === 'variable') return /(type|kind|class|status|state|level|mode|name|queue|topic|channel|partition)$/i.test(String(k.name));
  return false;
}

/** Whether a variable is (re)bound inside the loop: assignment, foreach variable, list() target, catch variable. */
function boundIn(loop: Node, name: string): boolean {
  let found = false;
  walk(loop, (n) => {
    if (found) return false;
    if (n !== loop && FUNCTION_LIKE.has(n.kind)) return false;
    if ((n.kind === 'assign' || n.kind === 'assignref') && n.left?.kind === 'variable' && n.left.name === name) found = true;
    if (n.kind === 'foreach' && [n.key, n.value].some((v: Node | null) => v?.kind === 'variable' && v.name === name)) found = true;
    if ((n.kind === 'list' || n.kind === 'array') && (n.items ?? []).some((i: Node | null) => (i?.kind === 'entry' ? i.value : i)?.name === name)) found = true;
    if (n.kind === 'catch' && n.variable?.name === name) found = true;
    return !found;
  });
  return found;
}
