import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { varName, span, calleeName } from '../../core/walk';
import { growthWrites, hasEviction } from '../../core/modelGrowth';
import { bodiesOf } from '../../core/model';
import { rootVar } from '../../core/nodes';
import { boundFix, isLongRunning, grows } from './staticAccumulation';
import { growthVerdict, simulationNote } from '../../core/workerGrowth';
import { nodesInScope, variableKey } from '../../core/modelIndex';

// Globals live as long as the process, like statics: per request under PHP-FPM, forever in a worker.
export const globalAccumulation: Rule = {
  meta: {
    id: 'memory.globalAccumulation',
    area: 'memory',
    severity: 'info',
    description: 'A global array grows with unbounded keys and is never trimmed: it lives as long as the process.',
    fixable: true,
  },
  check(ctx) {
    for (const body of bodiesOf(ctx.unit.nodes, ctx.unit.kind === 'script')) {
      const usesGlobals = nodesInScope(ctx.unit.nodes, body.fn, 'global').length > 0 ||
        nodesInScope(ctx.unit.nodes, body.fn, variableKey('GLOBALS')).length > 0;
      if (!usesGlobals) continue;
      const globals = new Set<string>();
      if (body.fn) {
        for (const { node } of nodesInScope(ctx.unit.nodes, body.fn, 'global')) {
          for (const v of node.items ?? []) { const name = varName(v); if (name) globals.add(`$${name}`); }
        }
      }
      if (!mayGrowGlobal(ctx.unit.nodes, body.fn, globals)) continue;
      const block: Node = { kind: 'block', children: body.statements, loc: body.fn?.body?.loc ?? null };
      const seen = new Set<string>();
      for (const w of growthWrites(block)) {
        const viaGlobals = w.key.startsWith('global:');
        if (!viaGlobals && !globals.has(w.key)) continue;
        if (w.how === 'concat') continue;
        if (!grows(ctx, w, body.fn)) continue;
        const name = viaGlobals ? w.key.slice('global:'.length) : w.key.slice(1);
        if (seen.has(name)) continue;
        if (hasEviction(block, w.key) || hasEviction(block, viaGlobals ? `$${name}` : `global:${name}`)) continue;
        const verdict = growthVerdict(ctx.unit, ctx.text, ctx.settings, w);
        if (verdict.kind === 'bounded') continue;
        seen.add(name);
        const longRunning = isLongRunning(ctx, w.node);
        ctx.report({
          ...span(w.node, ctx.text),
          severity: longRunning ? 'warning' : undefined,
          message: `The global $${name} ${w.how === 'keyed' ? 'gets a new key for every distinct value' : 'gets a new element on every call'} ` +
            'and nothing here removes entries (no unset, array_shift/array_splice, reset or size check). A global lives ' +
            'as long as the process: per request under PHP-FPM, but for every message in a worker' +
            `${longRunning ? ' - and this code runs in a long-running loop or callback' : ''}.${simulationNote(verdict, ctx.text)} Bound it or reset it per unit of work.`,
          fixes: boundFix(ctx.text, w),
        });
      }
    }
  },
};

/** Whether the scope of `fn` writes into something rooted at a variable it names `global`, or at `$GLOBALS`: an
 * element (`[]=`, `[$k]=`, `??=`) or array_push, all that growthWrites can count here. From the unit index, so that a
 * body using globals only to read them (most of WordPress's `global $wpdb`) is not walked for writes. */
function mayGrowGlobal(roots: Node[], fn: Node | null, globals: Set<string>): boolean {
  const rootedAtGlobal = (target: Node | null | undefined): boolean => {
    const name = rootVar(target);
    return name === 'GLOBALS' || (name !== null && globals.has(`$${name}`));
  };
  return nodesInScope(roots, fn, 'assign').some(({ node }) => rootedAtGlobal(node.left)) ||
    nodesInScope(roots, fn, 'call').some(({ node }) => calleeName(node) === 'array_push' && rootedAtGlobal(node.arguments?.[0]));
}
