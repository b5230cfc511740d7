import type { Rule } from '../types';
import { walk, span, propName, varName } from '../../core/walk';
import { rootVar, isPropertyOf, holdsVariable, removeStatementEdit } from '../../core/nodes';
import type { Node } from '../../core/parse';
import { nodesOfKind } from '../../core/modelIndex';

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

/** Whether the property (or array) the assignment writes is read anywhere else in the unit. */
function storedValueIsRead(roots: Node[], assign: Node): boolean {
  let target = assign.left;
  while (target?.kind === 'offsetlookup') target = target.what;
  const prop = target?.kind === 'propertylookup' ? propName(target) : null;
  const variable = target?.kind === 'variable' ? varName(target) : null;
  let read = false;
  for (const root of roots) walk(root, (n, parent) => {
    if (read) return false;
    if (n === assign.left || (parent === assign && n === assign.left)) return false;
    if (prop === null && variable === null) { read = true; return false; }
    if (prop !== null && (n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup') && (propName(n) === prop || n.offset?.kind !== 'identifier')) read = true;
    if (variable !== null && n !== target && varName(n) === variable && !isInside(assign, n)) read = true;
    return !read;
  });
  return read;
}

function isInside(root: Node, target: Node): boolean {
  let found = false;
  walk(root, (n) => { if (found) return false; if (n === target) found = true; return !found; });
  return found;
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
    const assignments = [...nodesOfKind(ctx.unit.nodes, 'assign'), ...nodesOfKind(ctx.unit.nodes, 'assignref')]
      .sort((a, b) => (a.node.loc?.start.offset ?? 0) - (b.node.loc?.start.offset ?? 0));
    for (const { node: n, parent } of assignments) {
      (() => {
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
        // Removing the line is only safe when nothing reads what it stored (`[$this, 'render']` callbacks are read).
        const statement = parent?.kind === 'expressionstatement' && !storedValueIsRead(ctx.unit.nodes, n) ? parent : null;
        const range = span(n, ctx.text);
        ctx.report({
          ...range,
          message: `\`${ctx.text.slice(range.start, range.end)}\`: ${what} now holds itself, so its refcount never ` +
            'drops to 0. It stays in memory after its last variable is gone, until the cycle collector runs ' +
            '(after 10,000 possible roots) or the script ends.',
          fixes: statement ? [{ title: 'Remove the self-reference', edits: [removeStatementEdit(ctx.text, statement)], preferred: true }] : [],
        });
      })();
    }
  },
};
