import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { span, varName } from '../../core/walk';
import { removeStatementEdit } from '../../core/nodes';
import { bodiesOf } from '../../core/model';
import { scopeFacts, isTrivial, type ScopeFacts } from '../../core/modelScope';
import { cycleEvents } from './cycles';
import { nodesInScope, nodesOfKind } from '../../core/modelIndex';

// PHP frees every plain local when the function returns (FACTS.md 2): `unset($local)` as the last thing a function
// does changes neither peak nor retained memory. The well-known "leaky function" that fills a local array with
// 100,000 objects leaks nothing, with or without the unset.
export const redundantUnset: Rule = {
  meta: {
    id: 'memory.redundantUnset',
    area: 'memory',
    severity: 'hint',
    description: 'unset() of a plain local right before the function returns: PHP frees it at return anyway.',
    fixable: true,
    tags: ['unnecessary'],
  },
  check(ctx) {
    // An unset that releases a reference cycle is memory.objectCycle's finding: the fix there is to break the cycle.
    if (nodesOfKind(ctx.unit.nodes, 'unset').length === 0) return;
    // Both are only needed once a trailing unset is found, which most functions with an unset do not have.
    let cycleReleases: Set<number> | undefined;
    const releasesCycle = (at: number) => (cycleReleases ??= new Set(cycleEvents(ctx).map((e) => e.at.start))).has(at);
    for (const body of bodiesOf(ctx.unit.nodes, false)) {
      const fn = body.fn;
      if (!fn || fn.kind === 'arrowfunc') continue;
      if (nodesInScope(ctx.unit.nodes, fn, 'unset').length === 0) continue;
      let facts: ScopeFacts | undefined;
      const factsOf = () => (facts ??= scopeFacts(fn, body.statements));
      const visit = (list: Node[], endsFunction: boolean) => {
        // Walk backwards from the end of the list over trailing unsets: they are all that is left to run.
        let i = list.length - 1;
        let tail = endsFunction;
        if (i >= 0 && list[i].kind === 'return') {
          const ret = list[i];
          const unsetNames = new Set<string>();
          for (let k = i - 1; k >= 0 && list[k].kind === 'unset'; k--) for (const v of list[k].variables ?? []) { const n = varName(v); if (n) unsetNames.add(n); }
          tail = isTrivial(ret.expr, unsetNames);
          i--;
        }
        if (tail) {
          for (; i >= 0 && list[i].kind === 'unset'; i--) {
            // `compact()`/`extract()`/`$$name` or a generator: what the unset releases cannot be known here.
            if (factsOf().dynamic || factsOf().generator) return;
            const st = list[i];
            const vars: Node[] = st.variables ?? [];
            const names = vars.map(varName);
            if (!names.length || names.some((n) => !n || n === 'this' || n === 'GLOBALS' || factsOf().shared.has(n))) break;
            if (releasesCycle(st.loc!.start.offset)) continue;
            const range = span(st, ctx.text);
            ctx.report({
              ...range,
              message: `\`${ctx.text.slice(range.start, range.end)}\` is the last thing before the function returns, and ` +
                `PHP frees ${names.length > 1 ? 'these locals' : `$${names[0]}`} at return anyway: this line changes ` +
                'neither peak nor retained memory. Only values kept in static/global/long-lived places or in ' +
                'reference cycles survive a call.',
              fixes: [{ title: 'Remove the redundant unset()', edits: [removeStatementEdit(ctx.text, st)], preferred: true }],
            });
          }
        }
        // Branches that end in `return` have their own tail.
        for (const st of list) {
          for (const block of branchLists(st)) visit(block, false);
        }
      };
      visit(body.statements, true);
    }
  },
};

/** Statement lists nested in a statement's branches (not loops: their tail runs again). */
function branchLists(st: Node): Node[][] {
  const out: Node[][] = [];
  const listOf = (b: Node | null | undefined) => (b?.kind === 'block' ? b.children ?? [] : null);
  if (st.kind === 'if') {
    const a = listOf(st.body); if (a) out.push(a);
    if (st.alternate?.kind === 'if') out.push(...branchLists(st.alternate));
    else { const b = listOf(st.alternate); if (b) out.push(b); }
  } else if (st.kind === 'block') out.push(st.children ?? []);
  else if (st.kind === 'switch') for (const c of st.body?.children ?? []) { const l = listOf(c.body); if (l) out.push(l); }
  return out;
}
