import type { Rule, Fix } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, calleeName } from '../../core/walk';
import { LOOP_KINDS } from '../../core/loops';
import { startsLine } from '../../core/modelEdits';
import { indentAt } from '../../core/nodes';
import { nodesOfKind } from '../../core/modelIndex';

const LIST_PARENTS = new Set(['block', 'namespace', 'program', 'declare']);

// gc_collect_cycles() marks and scans every buffered possible root each time it is called. PHP already runs the
// collector when 10,000 roots have piled up (FACTS.md 3); calling it on every iteration costs a full pass per
// iteration for no extra memory back.
export const gcInHotLoop: Rule = {
  meta: {
    id: 'memory.gcInHotLoop',
    area: 'memory',
    severity: 'info',
    description: 'gc_collect_cycles() runs on every iteration of a loop.',
    fixable: true,
  },
  check(ctx) {
    if (!nodesOfKind(ctx.unit.nodes, 'call').some((e) => ['gc_collect_cycles'].includes(calleeName(e.node) ?? ''))) return;
    for (const unit of ctx.unit.nodes) {
      walk(unit, (loop, loopParent) => {
        if (!LOOP_KINDS.has(loop.kind) || loop.body?.kind !== 'block') return undefined;
        for (const st of loop.body.children ?? []) {
          const call = st.kind === 'expressionstatement' ? st.expression : null;
          if (call?.kind !== 'call' || calleeName(call) !== 'gc_collect_cycles') continue;
          ctx.report({
            ...span(call, ctx.text),
            message: 'gc_collect_cycles() runs on every iteration: each call marks and scans every possible root, while ' +
              'PHP already collects automatically once 10,000 roots have piled up. Call it every N iterations or when ' +
              'memory_get_usage() passes a threshold.',
            fixes: wrapFix(ctx.text, loop, st, loopParent),
          });
        }
        return undefined;
      });
    }
  },
};

function wrapFix(text: string, loop: Node, st: Node, loopParent: Node | null): Fix[] {
  if (!startsLine(text, st) || !startsLine(text, loop) || (loopParent && !LIST_PARENTS.has(loopParent.kind))) return [];
  const indent = indentAt(text, st.loc!.start.offset);
  const loopIndent = indentAt(text, loop.loc!.start.offset);
  const unit = indent.length > loopIndent.length ? indent.slice(loopIndent.length) : '    ';
  let end = st.loc!.end.offset;
  if (text[end - 1] !== ';' && text[end] === ';') end++;
  return [{
    title: 'Collect every 1,000 iterations',
    edits: [
      { start: loop.loc!.start.offset, end: loop.loc!.start.offset, newText: `$gcTick = 0;\n${loopIndent}` },
      { start: st.loc!.start.offset, end, newText: `if (++$gcTick % 1000 === 0) {\n${indent}${unit}gc_collect_cycles();\n${indent}}` },
    ],
    preferred: true,
  }];
}
