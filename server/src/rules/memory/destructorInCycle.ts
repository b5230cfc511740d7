import type { Rule, Related } from '../types';
import type { Node } from '../../core/parse';
import { span } from '../../core/walk';
import { nodesOfKind } from '../../core/modelIndex';
import { classInfo } from '../../core/model';
import { backLinks, methodHandsOutThis } from '../../core/modelLinks';
import { cycleEvents, classOf, describeCycle, relatedLinks, breakCycleFix, eventRange, releaseText } from './cycles';

// `__destruct` runs when the refcount reaches 0 (FACTS.md 2). An object in a reference cycle never gets there: its
// destructor - closing a file, releasing a lock, returning a connection to a pool - waits for the cycle collector
// (which first runs destructors, then collects) or for the end of the script.
export const destructorInCycle: Rule = {
  meta: {
    id: 'memory.destructorInCycle',
    area: 'memory',
    severity: 'warning',
    description: 'A class with __destruct takes part in a reference cycle: its destructor runs late.',
    fixable: true,
  },
  check(ctx) {
    // Cycles released in this unit whose objects have destructors.
    for (const event of cycleEvents(ctx)) {
      const withDestructor = event.members.map((m) => classOf(ctx.text, m)).filter((c) => c?.destructor);
      if (!withDestructor.length) continue;
      const names = [...new Set(withDestructor.map((c) => c!.name))];
      const fix = breakCycleFix(ctx.text, event);
      const related: Related[] = [
        ...withDestructor.map((c) => ({ ...span(c!.destructor!.name ?? c!.destructor!, ctx.text), message: `${c!.name}::__destruct waits for the cycle collector` })),
        ...relatedLinks(ctx.text, event),
      ];
      ctx.report({
        ...eventRange(ctx.text, event),
        message: `${releaseText(ctx.text, event)} the objects still point at each other (${describeCycle(ctx.text, event)}), ` +
          `so ${names.map((n) => `${n}::__destruct()`).join(' and ')} does not run here. It runs only when the cycle ` +
          'collector finds the cycle (after 10,000 possible roots) or at script end: files, locks and connections it ' +
          'releases stay held until then.',
        related,
        fixes: fix ? [fix] : [],
      });
    }
    // Classes whose own methods build a cycle through $this.
    for (const { node: cls } of nodesOfKind(ctx.unit.nodes, 'class')) {
      ((): void => {
        if (!(cls.body ?? []).some((m: Node) => m.kind === 'method' && String(m.name?.name ?? m.name).toLowerCase() === '__destruct')) return;
        const info = classInfo(cls);
        if (!info.destructor) return;
        const makers: Node[] = [];
        for (const list of [info.thisProps, info.closureProps]) for (const nodes of list.values()) makers.push(...nodes);
        for (const link of backLinks(cls, (method) => methodHandsOutThis(ctx.unit.nodes, method))) makers.push(link.back);
        if (!makers.length) return;
        const name = info.destructor.name ?? info.destructor;
        ctx.report({
          ...span(name, ctx.text),
          message: `${info.name} has a destructor, but its objects hold themselves through $this ` +
            `(${makers.length} place${makers.length > 1 ? 's' : ''}: ${makers.slice(0, 3).map((m) => `\`${oneLine(ctx.text, m)}\``).join(', ')}). ` +
            'Such an object never reaches refcount 0: __destruct runs only when the cycle collector runs (after ' +
            '10,000 possible roots) or at script end, not when the last variable goes.',
          related: makers.map((m) => ({ ...span(m, ctx.text), message: 'makes the cycle' })),
        });
      })();
    }
  },
};

function oneLine(text: string, node: Node): string {
  const { start, end } = span(node, text);
  const s = text.slice(start, end).replace(/\s+/g, ' ');
  return s.length > 50 ? `${s.slice(0, 47)}...` : s;
}
