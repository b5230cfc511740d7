import type { Rule, RuleContext } from '../types';
import type { Node } from '../../core/parse';
import { walkScope, varName, span, FUNCTION_LIKE } from '../../core/walk';
import { growthWrites, hasEviction, isUnboundedWrite, type GrowthWrite } from '../../core/modelGrowth';
import { inLongRunningContext } from '../../core/loops';
import { bodiesOf } from '../../core/model';
import { nodesInScope, nodesOfKinds } from '../../core/modelIndex';
import { inWorkerContext } from '../../core/workerContext';
import { growthVerdict, simulationNote } from '../../core/workerGrowth';

// Statics live as long as the process. In PHP-FPM that is one request (then the worker resets them); in a CLI
// worker, Swoole/RoadRunner/Octane or a queue consumer it is every message: a static cache that only grows is a leak.
export const staticAccumulation: Rule = {
  meta: {
    id: 'memory.staticAccumulation',
    area: 'memory',
    severity: 'info',
    description: 'A static array grows with unbounded keys and is never trimmed: it lives as long as the process.',
    fixable: true,
  },
  check(ctx) {
    const root = ctx.unit.nodes[0];
    const reported = new Set<string>();
    const report = (w: GrowthWrite, what: string, scope: Node) => {
      const id = `${scope.loc?.start.offset}:${w.key}`;
      if (reported.has(id)) return;
      const verdict = growthVerdict(ctx.unit, ctx.text, ctx.settings, w);
      if (verdict.kind === 'bounded') return;
      reported.add(id);
      const longRunning = isLongRunning(ctx, w.node);
      const range = span(w.node, ctx.text);
      ctx.report({
        ...range,
        severity: longRunning ? 'warning' : undefined,
        message: `${what} ${w.how === 'append' || w.how === 'push' ? 'gets a new element on every call' : 'gets a new key for every distinct value'} ` +
          'and nothing removes entries (no unset, array_shift/array_splice, reset or size check). A static lives as ' +
          'long as the process: per request under PHP-FPM, but for every message in a worker' +
          `${longRunning ? ' - and this code runs in a long-running loop or callback' : ''}.${simulationNote(verdict, ctx.text)} Bound the cache.`,
        fixes: boundFix(ctx.text, w),
      });
    };
    if (!root) return;
    // `static $cache = [];` in functions and methods.
    for (const body of bodiesOf(ctx.unit.nodes, ctx.unit.kind === 'script')) {
      if (!body.fn || nodesInScope(ctx.unit.nodes, body.fn, 'static').length === 0) continue;
      const statics = new Set<string>();
      for (const st of body.statements) walkScope(st, (n) => {
        if (n.kind === 'static') for (const v of n.variables ?? []) { const name = varName(v.variable ?? v); if (name) statics.add(`$${name}`); }
        return !FUNCTION_LIKE.has(n.kind) || n === st;
      });
      if (!statics.size) continue;
      const block: Node = { kind: 'block', children: body.statements, loc: body.fn.body?.loc };
      for (const w of growthWrites(block)) {
        if (!statics.has(w.key) || w.how === 'concat') continue;
        if (!grows(ctx, w, body.fn)) continue;
        if (hasEviction(block, w.key)) continue;
        report(w, `The static ${w.key}`, body.fn);
      }
    }
    // self::$cache / static::$cache / ClassName::$cache in a class: eviction anywhere in the class counts. Classes
    // and traits of the unit from its index, leaving out those inside another (an anonymous class in a method).
    let insideUpTo = -1;
    for (const { node: cls } of nodesOfKinds(ctx.unit.nodes, ['class', 'trait'])) {
      if (span(cls).start < insideUpTo) continue;
      insideUpTo = span(cls).end;
      const ownNames = new Set(['self', 'static', String(cls.name?.name ?? cls.name ?? '').toLowerCase()]);
      const staticProps = new Set<string>();
      for (const m of cls.body ?? []) if (m.kind === 'propertystatement' && m.isStatic) for (const p of m.properties ?? []) staticProps.add(`::${p.name?.name ?? p.name}`);
      if (!staticProps.size) continue;
      for (const w of growthWrites(cls)) {
        if (!w.key.startsWith('::') || !staticProps.has(w.key) || w.how === 'concat') continue;
        const owner = staticOwner(w.target);
        if (!owner || !ownNames.has(owner)) continue;
        const method = (cls.body ?? []).find((m: Node) => m.kind === 'method' && m.loc && m.loc.start.offset <= w.node.loc!.start.offset && m.loc.end.offset >= w.node.loc!.end.offset) ?? null;
        if (!grows(ctx, w, method)) continue;
        if (hasEviction(cls, w.key)) continue;
        report(w, `The static property ${owner === 'static' ? 'static' : 'self'}::$${w.key.slice(2)}`, cls);
      }
    }
  },
};

/** Whether a write to a process-lifetime container grows without bound: a key from data (URLs, hashes, time), a
 * log-like name (modelGrowth), or an append that runs once per message or request in a long-running context. */
export function grows(ctx: RuleContext, w: GrowthWrite, fn: Node | null): boolean {
  return isUnboundedWrite(w, fn) || ((w.how === 'append' || w.how === 'push') && isLongRunning(ctx, w.node));
}

/** Inside a long-running loop, a server/event-loop callback or a handler the framework calls per message: the
 * loop classification of loops.ts, and the framework entry points the worker rules recognise (callables passed as
 * `[$this, 'onRequest']`, ReactPHP `'connection'` listeners, `#[AsMessageHandler]` methods, ...). */
export function isLongRunning(ctx: RuleContext, node: Node): boolean {
  return ctx.unit.nodes.some((n) => inLongRunningContext(n, node, ctx.settings)) ||
    inWorkerContext(ctx.unit, ctx.text, ctx.settings, node.loc?.start.offset ?? -1);
}

function staticOwner(target: Node): string | null {
  let e = target;
  while (e?.kind === 'offsetlookup') e = e.what;
  if (e?.kind !== 'staticlookup') return null;
  const what = e.what;
  if (what?.kind === 'selfreference') return 'self';
  if (what?.kind === 'staticreference') return 'static';
  if (what?.kind === 'name') return String(what.name).replace(/^.*\\/, '').toLowerCase();
  return null;
}

/** "Bound the cache": before the write, drop the oldest entry once the cache holds 1,000. */
export function boundFix(text: string, w: GrowthWrite) {
  const statement = w.node;
  const start = statement.loc!.start.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return [];
  const indent = text.slice(lineStart, start);
  let base = w.target;
  while (base?.kind === 'offsetlookup') base = base.what;
  // php-parser starts offsetlookup ranges late: take the start of the container and the end of the target.
  const target = text.slice(base.loc!.start.offset, w.target.loc!.end.offset);
  if (!target || /\n/.test(target)) return [];
  const guard = `if (count(${target}) >= 1000) {\n${indent}    unset(${target}[array_key_first(${target})]); // bounded: drop the oldest entry\n${indent}}\n${indent}`;
  return [{ title: 'Bound the cache (keep at most 1,000 entries)', edits: [{ start, end: start, newText: guard }], preferred: true }];
}
