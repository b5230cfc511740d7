import type { Rule } from '../types';
import { walk, span } from '../../core/walk';
import { rootVar, isPropertyOf, holdsVariable, removeStatementEdit } from '../../core/nodes';
import type { Node } from '../../core/parse';

// An object that holds itself, or an array that holds a reference to itself, can never reach refcount 0 on its own:
// only the cycle collector frees it. `$a[] = $a` is a copy (PHP separates the array), so it is not reported.
/** `$this` itself, or inside an array (`[$this, 'method']`): closures capturing `$this` are left to
 * memory.closureThisCycle, which can make them static. */
function holdsThisOutsideClosures(value: Node | null | undefined): boolean {
  if (!value || value.kind === 'closure' || value.kind === 'arrowfunc') return false;
  if (value.kind === 'variable') return value.name === 'this';
  if (value.kind === 'array') return (value.items ?? []).some((item: Node | null) => item && holdsThisOutsideClosures(item.kind === 'entry' ? item.value : item));
  return false;
}

export const selfReference: Rule = {
  meta: {
    id: 'memory.selfReference',
    area: 'memory',
    severity: 'warning',
    description: 'A value that holds a reference to itself is freed only by the cycle collector.',
    fixable: true,
  },
  check(ctx) {
    for (const node of ctx.unit.nodes) {
      walk(node, (n, parent) => {
        const byRef = n.kind === 'assignref';
        if (!(byRef || (n.kind === 'assign' && n.operator === '='))) return;
        const name = rootVar(n.left);
        if (!name || n.left.kind === 'variable') return;
        const value: Node = n.right;
        // A closure stored on $this is memory.closureThisCycle's finding (with its own fix).
        const objectCycle = isPropertyOf(n.left, name) && (name === 'this' ? holdsThisOutsideClosures(value) : holdsVariable(value, name));
        const arrayCycle = !isPropertyOf(n.left, name) && byRef && holdsVariable(value, name);
        if (!objectCycle && !arrayCycle) return;
        const what = objectCycle ? `the object in $${name}` : `the array $${name}`;
        const statement = parent?.kind === 'expressionstatement' ? parent : null;
        const range = span(n, ctx.text);
        ctx.report({
          ...range,
          message: `\`${ctx.text.slice(range.start, range.end)}\`: ${what} now holds itself, so its refcount never ` +
            'drops to 0. It stays in memory after its last variable is gone, until the cycle collector runs ' +
            '(after 10,000 possible roots) or the script ends.',
          fixes: statement ? [{ title: 'Remove the self-reference', edits: [removeStatementEdit(ctx.text, statement)], preferred: true }] : [],
        });
      });
    }
  },
};
