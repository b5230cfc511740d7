import type { Rule, RuleContext } from '../types';
import { workerContexts } from '../../core/workerContext';
import type { Node } from '../../core/parse';
import { walk, walkScope, span, varName, propName, FUNCTION_LIKE } from '../../core/walk';
import { growthWrites, hasEviction, keyPath } from '../../core/modelGrowth';
import { isLongRunningLoop } from '../../core/loops';
import { nodesOfKind, nodesOfKinds } from '../../core/modelIndex';
import { growthVerdict, simulationNote } from '../../core/workerGrowth';
import { grows } from './staticAccumulation';

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
    callbackGrowth(ctx);
    if (!['while', 'do', 'for'].some((k) => nodesOfKind(ctx.unit.nodes, k).length)) return;
    const seen = new Set<Node>();
    const lifetimes = new Map<Node, Set<string>>();
    const owned = (loop: Node) => lifetimes.get(loop) ?? lifetimes.set(loop, processLifetime(ctx.unit.nodes, loop)).get(loop)!;
    for (const { node: loop } of nodesOfKinds(ctx.unit.nodes, ['while', 'do', 'for'])) {
      if (!isLongRunningLoop(loop, ctx.settings)) continue;
      for (const w of growthWrites(loop.body ?? loop)) {
        if (seen.has(w.node)) continue;
        seen.add(w.node);
        if (w.key.startsWith('global:')) continue;
        // `static $seen` / `global $seen`: memory.staticAccumulation / memory.globalAccumulation own those writes.
        if (w.how !== 'concat' && owned(loop).has(w.key) && grows(ctx, w, enclosingFunction(ctx.unit.nodes, loop))) continue;
        // `$status['exitcode'] = ...`, `$byType[$type] = ...`: a fixed or code-defined key set does not grow.
        if (w.how === 'keyed' && isFixedKey(keyPath(w.node.left)[0])) continue;
        // Reset, trimmed or size-checked inside the loop: bounded per iteration or batch.
        if (hasEviction(loop, w.key)) continue;
        // `$message->parts[] = ...` on an object fetched in the loop grows a fresh object each time.
        const root = /^\$(\w+)->/.exec(w.key)?.[1];
        if (root && root !== 'this' && boundIn(loop, root)) continue;
        const verdict = growthVerdict(ctx.unit, ctx.text, ctx.settings, w);
        if (verdict.kind === 'bounded') continue;
        const what = w.how === 'concat' ? 'a string' : 'an array';
        const lr = loopLabel(ctx.text, loop);
        ctx.report({
          ...span(w.node, ctx.text),
          message: `${w.key} is ${what} declared outside the long-running loop \`${lr}\` and ` +
            `${w.how === 'concat' ? 'gets longer' : 'gets a new element'} on every iteration; nothing in the loop resets ` +
            'or trims it, so the worker\'s memory grows until memory_limit kills it.' + simulationNote(verdict, ctx.text) +
            ' Reset it per iteration or batch (`$buf = []` after flushing), or bound it.',
        });
      }
    }
  },
};

/** A server or event-loop callback or a message handler runs once per request/message for the life of the process:
 * an array it captures by reference (`function () use (&$log)`), or a property of the handler service
 * (`$this->processed[]`), that it appends to is the same leak as one outside a loop. */
function callbackGrowth(ctx: RuleContext): void {
  for (const c of workerContexts(ctx.unit, ctx.text, ctx.settings)) {
    if (c.kind !== 'callback') continue;
    // A Laravel job or Octane listener is a fresh object per job/event: its properties do not outlive it.
    const shared = c.framework !== 'laravelQueue' && c.framework !== 'octane';
    const owner = c.node.kind === 'method' && shared ? ctx.unit.nodes.find((n) => n.kind === 'class' && (n.body ?? []).includes(c.node)) : null;
    const captured = new Set<string>((c.node.uses ?? []).filter((u: Node) => u.byref).map((u: Node) => `$${varName(u)}`));
    if (!captured.size && !owner) continue;
    for (const w of growthWrites(c.body)) {
      const property = owner && w.key.startsWith('$this->') && !w.key.slice(7).includes('->');
      if (!captured.has(w.key) && !property) continue;
      if (w.how === 'keyed' && isFixedKey(keyPath(w.node.left)[0])) continue;
      if (hasEviction(property ? owner : c.body, w.key)) continue;
      const what = w.how === 'concat' ? 'a string' : 'an array';
      const holder = property ? `held by the ${c.label}, a service that lives as long as the worker,` : `captured by reference by the ${c.label} (\`use (&${w.key})\`)`;
      ctx.report({
        ...span(w.node, ctx.text),
        message: `${w.key} is ${what} ${holder} and ${w.how === 'concat' ? 'gets longer' : 'gets a new element'} on every ` +
          `${c.unitOfWork}; nothing ${property ? 'in the class' : 'in the callback'} resets or trims it, so the worker's memory ` +
          'grows until memory_limit kills it. Reset it per batch, or bound it.',
      });
    }
  }
}

function loopLabel(text: string, loop: Node): string {
  const start = loop.loc!.start.offset;
  const bodyStart = loop.body?.loc?.start.offset ?? start + 20;
  const head = text.slice(start, Math.min(bodyStart, start + 60)).replace(/\s+/g, ' ').replace(/[\s{:]+$/, '');
  return head;
}

const FIXED_NAME = /(type|kind|class|status|state|level|mode|name|queue|topic|channel|partition)$/i;

/** Keys from a small fixed set: literals, constants, and variables or properties named for a kind/type/status. */
function isFixedKey(k: Node | null): boolean {
  if (!k) return false;
  if (['string', 'number', 'boolean', 'constref', 'classconstant', 'name', 'magic'].includes(k.kind)) return true;
  if (k.kind === 'staticlookup') return k.offset?.kind === 'identifier';
  if (k.kind === 'variable') return FIXED_NAME.test(String(k.name));
  if (k.kind === 'propertylookup' || k.kind === 'nullsafepropertylookup') return FIXED_NAME.test(propName(k) ?? '');
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

/** The innermost function or method around a node, or null at the top level. */
function enclosingFunction(units: Node[], node: Node): Node | null {
  const at = node.loc!.start.offset;
  let fn: Node | null = null;
  for (const u of units) walk(u, (n) => {
    if ((n.loc?.start.offset ?? Infinity) > at || (n.loc?.end.offset ?? -1) < at) return false;
    if (FUNCTION_LIKE.has(n.kind)) fn = n;
    return undefined;
  });
  return fn;
}

/** `$name` of each `static` and `global` variable of the function around the loop: they outlive every call. */
function processLifetime(units: Node[], loop: Node): Set<string> {
  const names = new Set<string>();
  const fn = enclosingFunction(units, loop);
  if (fn?.body) walkScope(fn.body, (n) => {
    if (n.kind === 'static') for (const v of n.variables ?? []) { const name = varName(v.variable ?? v); if (name) names.add(`$${name}`); }
    if (n.kind === 'global') for (const v of n.items ?? []) { const name = varName(v); if (name) names.add(`$${name}`); }
    return !FUNCTION_LIKE.has(n.kind) || n === fn.body;
  });
  return names;
}
