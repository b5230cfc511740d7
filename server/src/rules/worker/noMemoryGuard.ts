import type { Edit, Rule, RuleContext } from '../types';
import type { Node } from '../../core/parse';
import { walk, span } from '../../core/walk';
import { indentAt } from '../../core/nodes';
import { workerContexts, methodName, type WorkerContext } from '../../core/workerContext';
import { loopGrowth, formatGrowth } from '../../core/workerGrowth';
import { memoryGuard, clockAndMemoryPlaces, frameworkAdvice, placeKey, withArticle } from '../../core/workerCode';

// A worker that never exits carries every leaked byte to its end, and its end is the memory_limit fatal error in
// the middle of a message. Frameworks bound a worker's life from outside (Messenger --memory-limit, RoadRunner
// max_jobs, Swoole max_request); a hand-written loop has to do it itself.
export const noMemoryGuard: Rule = {
  meta: {
    id: 'worker.noMemoryGuard',
    area: 'worker',
    severity: 'warning',
    description: 'A long-running loop or Swoole server that never exits on memory, a message count or a time limit.',
    fixable: true,
  },
  check(ctx) {
    const contexts = workerContexts(ctx.unit, ctx.text, ctx.settings);
    const loops = contexts.filter((c) => c.kind === 'loop');
    const places = loops.length ? clockAndMemoryPlaces(ctx.unit.nodes, ctx.text) : new Map();
    for (const loop of loops) {
      // The guard belongs where the messages are taken: an outer reconnect loop around a consume loop is judged by
      // the inner one.
      if (loops.some((inner) => inner !== loop && contains(loop.body, inner.node))) continue;
      if (memoryGuard(loop.node, ctx.text, places)) continue;
      const head = ctx.text.slice(loop.head.start, loop.head.end).replace(/\s+/g, ' ');
      const fix = guardFix(loop, ctx.text);
      const growth = loopGrowth(loop, ctx.text, [], ctx.unit.nodes);
      const simulated = growth?.status === 'measured' && growth.bytesPerIteration > 0
        ? ` Simulated: it ${formatGrowth(growth, loop.unitOfWork)}` + (growth.bytesAfterCollection > 0
          ? `; even with the cycle collector a 128 MB memory_limit is reached after about ${Math.round(128 * 1024 * 1024 / growth.bytesAfterCollection).toLocaleString('en-US')} ${loop.unitOfWork}s.`
          : '.') : '';
      ctx.report({
        ...loop.head,
        message: `\`${head}\` (${loop.label}) never ends on its own: nothing in it exits on memory_get_usage(), ` +
          `${withArticle(loop.unitOfWork)} count or a time limit. Every byte leaked per ${loop.unitOfWork} stays until the process ` +
          'dies of "Allowed memory size exhausted" in the middle of one.' + simulated + ' ' + capitalize(frameworkAdvice(loop.framework)) + '.',
        fixes: fix ? [{ title: 'Exit the loop above 128 MB (a supervisor restarts the worker)', edits: [fix], preferred: true }] : [],
      });
    }
    swooleServers(ctx, contexts);
  },
};

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function contains(outer: Node, inner: Node): boolean {
  const s = inner.loc?.start.offset ?? -1;
  return s >= (outer.loc?.start.offset ?? 0) && s < (outer.loc?.end.offset ?? 0);
}

/** Inserts the guard at the top of the body when the loop takes its work inside the body (`while (true)`): the
 * check then runs before the next message is taken. When the condition takes the work (`while ($req =
 * $worker->waitRequest())`), the check goes at the end of the body, so the request just taken is still answered. */
function guardFix(loop: WorkerContext, text: string): Edit | null {
  const body = loop.node.body;
  if (body?.kind !== 'block' || !body.loc) return null;
  const statements: Node[] = body.children ?? [];
  const test = Array.isArray(loop.node.test) ? loop.node.test[0] : loop.node.test;
  const takesWorkInCondition = !!test && !(test.kind === 'boolean' || test.kind === 'number');
  const open = body.loc.start.offset;
  const close = body.loc.end.offset - 1;
  if (loop.node.shortForm || text[open] !== '{' || text[close] !== '}') return null;
  const outer = indentAt(text, loop.node.loc!.start.offset);
  const inner = statements.length ? indentAt(text, statements[0].loc!.start.offset) : outer + '    ';
  const step = inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '    ';
  const guard = `${inner}if (memory_get_usage() > 128 * 1024 * 1024) {\n${inner}${step}break; // exit; the supervisor starts a fresh worker\n${inner}}\n`;
  if (!takesWorkInCondition) {
    const lineEnd = text.indexOf('\n', open);
    if (lineEnd < 0 || text.slice(open + 1, lineEnd).trim() !== '') return null;
    return { start: lineEnd + 1, end: lineEnd + 1, newText: guard };
  }
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  if (text.slice(lineStart, close).trim() !== '') return null;
  return { start: lineStart, end: lineStart, newText: guard };
}

/** A Swoole HTTP server whose worker processes never recycle: `'max_request'` is not set, so it is 0 (never). */
function swooleServers(ctx: RuleContext, contexts: WorkerContext[]): void {
  if (!contexts.some((c) => c.framework === 'swoole' && c.unitOfWork !== 'task')) return;
  const servers = new Set<string>();
  const stateful = new Set<string>();
  const configured = new Set<string>();
  const starts: Array<{ call: Node; key: string }> = [];
  const sets = new Map<string, Node>();
  for (const root of ctx.unit.nodes) {
    walk(root, (n) => {
      if (n.kind !== 'call') return;
      const m = methodName(n);
      const key = m && n.what.kind !== 'staticlookup' ? placeKey(n.what.what, ctx.text) : null;
      if (!key) return;
      // HTTP servers only: Swoole's docs keep `max_request` at 0 for servers whose workers hold connection state
      // (WebSocket `open`/`message`, TCP `connect`/`receive`), since a restarted worker loses it.
      const event = m === 'on' && n.arguments?.[0]?.kind === 'string' ? String(n.arguments[0].value).toLowerCase() : '';
      if (event === 'request') servers.add(key);
      if (['message', 'open', 'connect', 'receive'].includes(event)) stateful.add(key);
      if (m === 'start' && (n.arguments ?? []).length === 0) starts.push({ call: n, key });
      if (m === 'set') {
        const config = n.arguments?.[0];
        if (config?.kind !== 'array') { configured.add(key); return; }
        sets.set(key, config);
        const entry = (config.items ?? []).find((i: Node) => i?.key?.kind === 'string' && i.key.value === 'max_request');
        if (entry && !(entry.value?.kind === 'number' && Number(entry.value.value) === 0)) configured.add(key);
      }
    });
  }
  for (const { call, key } of starts) {
    if (!servers.has(key) || stateful.has(key) || configured.has(key)) continue;
    const range = span(call, ctx.text);
    const config = sets.get(key);
    let edit: Edit;
    if (config) {
      const items: Node[] = config.items ?? [];
      const last = items[items.length - 1];
      if (last) {
        const at = last.loc!.end.offset;
        const line = indentAt(ctx.text, last.loc!.start.offset);
        const multiline = ctx.text.slice(config.loc!.start.offset, at).includes('\n');
        edit = { start: at, end: at, newText: multiline ? `,\n${line}'max_request' => 10000` : `, 'max_request' => 10000` };
      } else {
        edit = { start: config.loc!.start.offset + 1, end: config.loc!.start.offset + 1, newText: `'max_request' => 10000` };
      }
    } else {
      const indent = indentAt(ctx.text, range.start);
      edit = { start: range.start, end: range.start, newText: `${key}->set(['max_request' => 10000]);\n${indent}` };
    }
    ctx.report({
      ...range,
      message: `The Swoole server in \`${key}\` never recycles its worker processes: \`'max_request'\` is not set, so ` +
        'it is 0 (never). Each worker serves requests for the life of the server, and whatever a request leaks ' +
        'stays until memory_limit kills the worker. Set `\'max_request\' => N` so Swoole starts a fresh worker after N requests.',
      fixes: [{ title: "Set 'max_request' => 10000", edits: [edit], preferred: true }],
    });
  }
}

