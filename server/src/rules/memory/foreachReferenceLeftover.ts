import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walkScope, varName, span } from '../../core/walk';
import { usesVariable } from '../../core/nodes';
import { ancestorsOf } from '../../core/loops';
import { nodesInScope } from '../../core/modelIndex';
import { bodiesOf } from '../../core/model';
import { insertStatementEdit, startsLine } from '../../core/modelEdits';

const LIST_PARENTS = new Set(['block', 'namespace', 'program', 'declare']);

// After `foreach ($a as &$v)`, $v is still a reference to $a's last element (FACTS.md 1: after the loop every
// element stays a reference). Writing $v later, or iterating again with `as $v`, overwrites that element: the
// classic "last element duplicated" bug. A copy of $a also shares that element.
export const foreachReferenceLeftover: Rule = {
  meta: {
    id: 'memory.foreachReferenceLeftover',
    area: 'memory',
    severity: 'warning',
    description: 'The by-reference foreach variable still points at the last element after the loop, and is used again.',
    fixable: true,
  },
  check(ctx) {
    for (const body of bodiesOf(ctx.unit.nodes, ctx.unit.kind === 'script')) {
      if (!nodesInScope(ctx.unit.nodes, body.fn, 'foreach').some((e) => e.node.value?.byref)) continue;
      const loops: Array<{ loop: Node; inList: boolean }> = [];
      const uses: Array<{ node: Node; parent: Node | null }> = [];
      for (const st of body.statements) {
        walkScope(st, (n, parent) => {
          if (n !== st && (n.kind === 'closure' || n.kind === 'arrowfunc' || n.kind === 'function' || n.kind === 'class')) {
            // A closure that captures the variable uses it where it is created.
            if (n.kind === 'closure') for (const u of n.uses ?? []) uses.push({ node: u, parent: n });
            if (n.kind === 'arrowfunc') for (const name of loops.map((l) => varName(l.loop.value)).filter(Boolean) as string[]) {
              if (usesVariable(n.body, name)) uses.push({ node: { kind: 'variable', name, loc: n.loc }, parent: n });
            }
            return false;
          }
          if (n.kind === 'foreach' && n.value?.byref && varName(n.value)) loops.push({ loop: n, inList: !parent || LIST_PARENTS.has(parent.kind) });
          if (n.kind === 'variable') uses.push({ node: n, parent });
          return undefined;
        });
      }
      for (const { loop, inList } of loops) {
        const name = varName(loop.value)!;
        const after = loop.loc!.end.offset;
        // `unset($v)` at the end of each iteration leaves no reference behind.
        if (unsetsInside(loop, name)) continue;
        const unreachable = exclusiveBranches(body.statements, loop);
        const source = varName(loop.source);
        const later = uses
          .filter((u) => (u.node.loc?.start.offset ?? 0) >= after)
          .filter((u) => !unreachable.some((r) => r.start <= u.node.loc!.start.offset && u.node.loc!.start.offset < r.end))
          .sort((a, b) => a.node.loc!.start.offset - b.node.loc!.start.offset);
        let hit: Node | null = null;
        let why = '';
        for (const u of later) {
          const n = u.node;
          const p = u.parent;
          const which = varName(n);
          if (which === name) {
            // unset($v) and rebinding by reference end the link to the last element.
            if (p?.kind === 'unset') break;
            if (p?.kind === 'foreach' && p.value === n && n.byref) break;
            if (p?.kind === 'assignref' && p.left === n) break;
            if (p?.kind === 'foreach' && p.value === n) why = `\`foreach (... as $${name})\` later assigns every element to $${name}, overwriting the last element of the array`;
            else if (p?.kind === 'assign' && p.left === n) why = `the later assignment to $${name} overwrites the last element of the array`;
            else why = `$${name} is used again later and still aliases the last element of the array`;
            hit = n;
            break;
          }
          if (source && which === source && p?.kind === 'assign' && p.right === n && p.operator === '=' && p.left?.kind === 'variable') {
            why = `\`${ctx.text.slice(p.loc!.start.offset, p.loc!.end.offset).replace(/;$/, '')}\` copies $${source}, but its last element is still a reference shared by both arrays`;
            hit = n;
            break;
          }
        }
        if (!hit) continue;
        const range = span(loop.value);
        const fixes = inList && startsLine(ctx.text, loop)
          ? [{ title: `Insert unset($${name}) after the loop`, edits: [insertStatementEdit(ctx.text, loop, [`unset($${name});`], false)], preferred: true }]
          : [];
        ctx.report({
          ...range,
          message: `After this loop $${name} is still a reference to the last element it visited: ${why}. ` +
            `Add \`unset($${name});\` right after the loop.`,
          related: [{ ...span(hit), message: `$${name} used after the by-reference loop` }],
          fixes,
        });
      }
    }
  },
};

function unsetsInside(loop: Node, name: string): boolean {
  let found = false;
  walkScope(loop.body ?? loop, (n) => {
    if (found) return false;
    if (n.kind === 'unset' && (n.variables ?? []).some((v: Node) => varName(v) === name)) found = true;
    return !found;
  });
  return found;
}

/** Ranges that cannot run after the loop: the other branches of every if/else around it. */
function exclusiveBranches(statements: Node[], loop: Node): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const root: Node = { kind: 'block', children: statements };
  const path = ancestorsOf(root, loop) ?? [];
  const chain = [...path, loop];
  for (let i = 0; i < path.length; i++) {
    const n = path[i];
    if (n.kind !== 'if') continue;
    const child = chain[i + 1];
    const range = (x: Node | null | undefined) => x?.loc ? { start: x.loc.start.offset, end: x.loc.end.offset } : null;
    if (child === n.body) { const r = range(n.alternate); if (r) out.push(r); }
    else if (child === n.alternate) { const r = range(n.body); if (r) out.push(r); }
  }
  return out;
}
