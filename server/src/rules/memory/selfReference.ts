import type { Rule } from '../types';
import { walk, span } from '../../core/walk';
import { rootVar, isPropertyOf, holdsVariable, removeStatementEdit } from '../../core/nodes';
import type { Node } from '../../core/parse';

// An object that holds itself, or an array that holds a reference to itself, can never reach refcount 0 on its own:
// only the cycle collector frees it. `$a[] = $a` is a copy (PHP separates the array), so it is not reported.
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
        const closureOnThis = name === 'this' && (value?.kind === 'closure' || value?.kind === 'arrowfunc');
        const objectCycle = isPropertyOf(n.left, name) && holdsVariable(value, name) && !closureOnThis;
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
