// The objectCycle/destructorInCycle rules and the class hover share one flow analysis per unit: this runs it once
// per unit and text, and turns its events into words and fixes.
import type { Node } from '../../core/parse';
import type { RuleContext, Fix, Related } from '../types';
import { analyzeBody, canLink, components, type CycleEvent, type Link, type Alloc } from '../../core/flow';
import { bodiesOf, classesInFile, type ClassInfo } from '../../core/model';
import { insertStatementEdit, startsLine } from '../../core/modelEdits';
import { nodesInScope } from '../../core/modelIndex';

const cache = new WeakMap<Node, { text: string; events: CycleEvent[] }>();

/** Cycles released in this unit, with classes whose constructors hand out `$this` filtered out (those objects may
 * be held from elsewhere). */
export function cycleEvents(ctx: Pick<RuleContext, 'text' | 'unit'>): CycleEvent[] {
  const key = ctx.unit.nodes[0];
  if (!key) return [];
  const hit = cache.get(key);
  if (hit && hit.text === ctx.text) return hit.events;
  const events: CycleEvent[] = [];
  for (const body of bodiesOf(ctx.unit.nodes, ctx.unit.kind === 'script')) {
    // A cycle of several objects needs two allocations in this very function, and two assignments that link one
    // object to another: most bodies are skipped here.
    if (nodesInScope(ctx.unit.nodes, body.fn, 'new').length < 2) continue;
    if (nodesInScope(ctx.unit.nodes, body.fn, 'assign').filter((a) => canLink(a.node)).length < 2) continue;
    events.push(...analyzeBody(body.fn, body.statements).events);
  }
  const kept = events.length ? events.filter((e) => e.members.every((m) => {
    const cls = classOf(ctx.text, m);
    return !cls || (!cls.constructorLeaksThis && !cls.magic);
  })) : events;
  cache.set(key, { text: ctx.text, events: kept });
  return kept;
}

export function classOf(text: string, alloc: Alloc): ClassInfo | null {
  if (!alloc.className || alloc.className === 'stdclass') return null;
  return classesInFile(text).get(alloc.className) ?? null;
}

/** `$a->next` for a link's assignment `$a->next = $b`. */
export function linkText(text: string, link: Link): string {
  const start = link.node.loc!.start.offset;
  const rightStart = link.node.right?.loc?.start.offset ?? link.node.loc!.end.offset;
  return text.slice(start, rightStart).replace(/\s*=\s*&?\s*$/, '').replace(/\s+/g, ' ');
}

export function objectLabel(text: string, alloc: Alloc): string {
  const cls = alloc.node.what?.loc ? text.slice(alloc.node.what.loc.start.offset, alloc.node.what.loc.end.offset) : 'object';
  return alloc.label ? `$${alloc.label} (${cls})` : `a ${cls}`;
}

export function describeCycle(text: string, event: CycleEvent): string {
  return event.links.map((l) => `\`${linkText(text, l)}\``).join(', ');
}

/** The release's range without the statement's trailing `;`. */
export function eventRange(text: string, event: CycleEvent): { start: number; end: number } {
  let { start, end } = event.at;
  while (end > start + 1 && /[;\s]/.test(text[end - 1])) end--;
  return { start, end };
}

export function releaseText(text: string, event: CycleEvent): string {
  if (event.kind === 'end') return 'At the end of the function its locals are freed, but';
  if (event.kind === 'return') return 'When the function returns its locals are freed, but';
  const { start, end } = eventRange(text, event);
  const code = text.slice(start, end).replace(/\s*;\s*$/, '').replace(/\s+/g, ' ');
  const short = code.length > 60 ? `${code.slice(0, 57)}...` : code;
  return `\`${short}\` drops the last variable reference, but`;
}

export function relatedLinks(text: string, event: CycleEvent): Related[] {
  return event.links.map((l) => ({
    start: l.node.loc!.start.offset,
    end: l.node.loc!.end.offset,
    message: `cycle link: ${linkText(text, l)} holds ${objectLabel(text, event.members.find((m) => m.id === l.to)!)}`,
  }));
}

/** "Break the cycle before release": null links (through variables that still hold their objects) until no cycle is
 * left. Null for a release the fix cannot sit beside (no statement of its own, or no variable left to break from). */
export function breakCycleFix(text: string, event: CycleEvent): Fix | null {
  const insert = event.insert;
  if (!insert || !startsLine(text, insert.statement)) return null;
  let links = [...event.links];
  const code: string[] = [];
  const candidates = [...event.links].sort((a, b) => a.node.loc!.start.offset - b.node.loc!.start.offset);
  const stillCyclic = () => {
    const graph = new Map<number, Link[]>();
    for (const l of links) graph.set(l.from, [...(graph.get(l.from) ?? []), l]);
    return components(graph).some((c) => c.length > 1);
  };
  for (const link of candidates) {
    if (!stillCyclic()) break;
    const holder = event.holders.get(link.from)?.[0];
    if (!holder) continue;
    const sameProp = links.filter((l) => l.from === link.from && l.prop === link.prop);
    links = links.filter((l) => !sameProp.includes(l));
    const member = event.members.find((m) => m.id === link.from)!;
    const declared = classOf(text, member)?.props.get(link.prop);
    const line = link.element ? `$${holder}->${link.prop} = [];`
      : declared && !declared.nullable ? `unset($${holder}->${link.prop});`
      : `$${holder}->${link.prop} = null;`;
    if (!code.includes(line)) code.push(line);
  }
  if (stillCyclic() || code.length === 0) return null;
  return { title: 'Break the cycle before release', edits: [insertStatementEdit(text, insert.statement, code, insert.before)], preferred: true };
}
