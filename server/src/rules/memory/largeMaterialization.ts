import type { Rule, Fix } from '../types';
import type { Node } from '../../core/parse';
import { span, calleeName, varName } from '../../core/walk';
import { invokedName, enclosingLongRunningLoop } from '../../core/loops';
import { startsLine } from '../../core/modelEdits';
import { nodesOfKind, nodesOfKinds } from '../../core/modelIndex';
import { nameTable } from '../../core/nameTable';

const SPAN_LIMIT = 100_000;
/** Calls that build the whole result in memory when an iterator/stream would hand out one item at a time. */
const MATERIALIZING = new Set(['file', 'iterator_to_array']);
const MATERIALIZING_METHODS = new Set(['fetchall', 'fetchallassociative', 'fetchallnumeric', 'fetchallkeyvalue']);

// `range(1, 1000000)` allocates the whole packed array before the first iteration: 16 bytes per element plus the
// hash header (FACTS.md 4), about 16 MiB for a million ints, while a `for` loop needs none. `file()` and
// `fetchAll()` likewise hold every line/row at once where a stream would hold one.
export const largeMaterialization: Rule = {
  meta: {
    id: 'memory.largeMaterialization',
    area: 'memory',
    severity: 'info',
    description: 'A large range()/file()/fetchAll()/iterator_to_array() is built in memory only to be iterated.',
    fixable: true,
  },
  check(ctx) {
    if (!['foreach', 'while', 'do', 'for'].some((kind) => nodesOfKind(ctx.unit.nodes, kind).length)) return;
    for (const unit of ctx.unit.nodes) {
      for (const { node: n, parent } of nodesOfKinds([unit], ['foreach', 'call'])) {
        if (n.kind === 'foreach' && n.source?.kind === 'call') {
          const src = n.source;
          const fn = calleeName(src);
          if (fn === 'range') {
            const r = constantRange(src);
            if (r && Math.abs(r.to - r.from) + 1 >= SPAN_LIMIT) {
              const count = Math.abs(r.to - r.from) + 1;
              const bytes = arrayBytes(count);
              ctx.report({
                ...span(src, ctx.text),
                message: `range(${r.from}, ${r.to}) builds an array of ${count.toLocaleString('en-US')} integers ` +
                  `(about ${(bytes / 1048576).toFixed(1)} MiB: 16 bytes per element in PHP 8.2) before the first iteration. ` +
                  'A for loop counts without allocating.',
                fixes: rangeFix(ctx.text, n, r, parent),
              });
            }
          } else if ((fn && MATERIALIZING.has(fn)) || MATERIALIZING_METHODS.has(invokedName(src) ?? '')) {
            const what = fn ?? `${invokedName(src)}()`;
            ctx.report({
              fixes: iterateFix(ctx.text, n),
              ...span(src, ctx.text),
              message: `\`${ctx.text.slice(span(src, ctx.text).start, span(src, ctx.text).end).slice(0, 60)}\` loads every ` +
                `${what === 'file' ? 'line of the file' : what === 'iterator_to_array' ? 'item of the iterator' : 'row of the result'} ` +
                'into one array only to iterate it: peak memory grows with the input. ' +
                (what === 'file' ? 'Read line by line (`new SplFileObject($path)` or `fgets`).'
                  : what === 'iterator_to_array' ? 'Iterate the iterator itself.'
                    : 'Iterate the statement/result instead (PDOStatement is Traversable; DBAL: iterateAssociative()).'),
            });
          }
          continue;
        }
        if (n.kind === 'call' && !(parent?.kind === 'foreach' && parent.source === n) && readsWholeInput(n)) {
          const loop = enclosingLongRunningLoop(unit, n, ctx.settings);
          if (loop) {
            const range = span(n, ctx.text);
            ctx.report({
              ...range,
              severity: 'warning',
              message: `\`${ctx.text.slice(range.start, range.end).slice(0, 60)}\` reads its whole input into memory on every ` +
                'iteration of a long-running loop: the worker\'s peak memory is the largest input it ever sees, and a large ' +
                'one ends the process at memory_limit. Stream it (fopen/fgets, SplFileObject, iterate the statement) or bound it.',
            });
          }
        }
      }
    }
  },
};

/** file(), file_get_contents() and fetchAll()-style calls: the whole input at once. */
function readsWholeInput(call: Node): boolean {
  const fn = calleeName(call);
  return fn === 'file' || fn === 'file_get_contents' || MATERIALIZING_METHODS.has(invokedName(call) ?? '');
}

/** DBAL's fetchAll*() have streaming twins; PDO's argument-less fetchAll() rows are what iterating the statement
 * yields (same default fetch mode, keys 0..n-1). By-reference loops cannot iterate a statement. */
const ITERATE_TWIN = nameTable<string>({
  fetchallassociative: 'iterateAssociative', fetchallnumeric: 'iterateNumeric', fetchallkeyvalue: 'iterateKeyValue',
});

function iterateFix(text: string, loop: Node): Fix[] {
  const src = loop.source;
  if (loop.value?.byref || src.kind !== 'call' || src.what?.kind !== 'propertylookup') return [];
  const method = (invokedName(src) ?? '').toLowerCase();
  const name = src.what.offset;
  if (ITERATE_TWIN[method] && name?.loc) {
    return [{ title: `Stream the rows with ${ITERATE_TWIN[method]}()`, edits: [{ start: name.loc.start.offset, end: name.loc.end.offset, newText: ITERATE_TWIN[method] }], preferred: true }];
  }
  if (method === 'fetchall' && !(src.arguments ?? []).length && src.what.what?.loc) {
    const statement = text.slice(src.what.what.loc.start.offset, src.what.what.loc.end.offset);
    return [{ title: 'Iterate the statement instead of fetchAll()', edits: [{ start: src.loc.start.offset, end: span(src, text).end, newText: statement }], preferred: true }];
  }
  return [];
}

function intValue(n: Node | null | undefined): number | null {
  if (!n) return null;
  if (n.kind === 'number' && /^\d+$/.test(String(n.value).replace(/_/g, ''))) return Number(String(n.value).replace(/_/g, ''));
  if (n.kind === 'unary' && n.type === '-') { const v = intValue(n.what); return v === null ? null : -v; }
  if (n.kind === 'bin' && n.type === '*') { const a = intValue(n.left); const b = intValue(n.right); return a === null || b === null ? null : a * b; }
  return null;
}

function constantRange(call: Node): { from: number; to: number; step: boolean } | null {
  const args = call.arguments ?? [];
  if (args.length < 2 || args.length > 3) return null;
  const from = intValue(args[0]);
  const to = intValue(args[1]);
  if (from === null || to === null) return null;
  if (args.length === 3 && intValue(args[2]) !== 1) return null;
  return { from, to, step: args.length === 3 };
}

function arrayBytes(count: number): number {
  let cap = 8;
  while (cap < count) cap *= 2;
  return 56 + 16 * cap + 8;
}

/** `foreach (range(a, b) as $i) {` -> `for ($i = a; $i <= b; $i++) {` (ascending, no key, plain variable). */
function rangeFix(text: string, loop: Node, r: { from: number; to: number }, parent: Node | null): Fix[] {
  const name = varName(loop.value);
  if (!name || loop.key || loop.value.byref || r.from > r.to || loop.shortForm) return [];
  if (!startsLine(text, loop) || parent?.kind === 'foreach') return [];
  const start = loop.loc!.start.offset;
  const bodyStart = loop.body?.loc?.start.offset;
  if (bodyStart === undefined) return [];
  // The header ends at the `)` before the body.
  const close = text.lastIndexOf(')', bodyStart);
  if (close < start) return [];
  const args = loop.source.arguments;
  const a = text.slice(args[0].loc.start.offset, args[0].loc.end.offset);
  const b = text.slice(args[1].loc.start.offset, args[1].loc.end.offset);
  return [{
    title: 'Count with a for loop instead of range()',
    edits: [{ start, end: close + 1, newText: `for ($${name} = ${a}; $${name} <= ${b}; $${name}++)` }],
    preferred: true,
  }];
}
