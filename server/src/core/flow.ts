// Per-function flow of objects: which variables may hold which allocations, which property/element links certainly
// exist, and which objects may be held from somewhere we cannot see. The statements of a body are interpreted in
// order (an abstract interpretation):
//
// - Objects are named by allocation site (`new X` node). A site that runs inside a loop stands for many objects.
// - Links (`$a->next = $b`, `$a->children[] = $b`) are MUST facts: kept only when made on every path (intersected
//   at branch joins), never from inside a loop, and removed by any write that may overwrite them.
// - Variable bindings, may-links and escapes are MAY facts (unioned). An object passed to a call, returned, stored
//   in `$this`/static/global, captured by a closure, or used in any way not modelled here is escaped: something we
//   cannot see may hold it, so nothing it reaches is ever reported.
//
// A cycle is reported when a must-cycle of objects becomes unreachable from every variable and every escaped object
// at a release: `unset`, a reassignment, `return` or the end of the function. Those objects keep each other's
// refcount above 0, so PHP frees them only when the cycle collector runs.
import type { Node } from './parse';
import { varName, propName, calleeName, FUNCTION_LIKE } from './walk';
import { usesVariable } from './nodes';
import { shortName } from './model';

export const TOP = -1;
type Ids = ReadonlySet<number>;
const NONE: Ids = new Set();
const UNKNOWN: Ids = new Set([TOP]);

export interface Alloc {
  id: number;
  node: Node;
  /** Lower-cased short class name, null for anonymous classes or `new $cls`. */
  className: string | null;
  /** Allocated inside a loop: one site, many objects. */
  summary: boolean;
  /** The first variable it was assigned to, for messages. */
  label: string | null;
}

export interface Link {
  from: number;
  to: number;
  /** Property name; `element` when the object sits in an array held by that property. */
  prop: string;
  element: boolean;
  /** The assignment that made the link. */
  node: Node;
}

interface State {
  vars: Map<string, Ids>;
  must: Map<string, Link>;
  may: Map<number, Ids>;
  escaped: Set<number>;
  /** Variables bound to references, globals or statics: what is stored in them is held from elsewhere. */
  refVars: Set<string>;
  reported: Set<string>;
  /** What a variable never assigned holds: null inside a function, unknown at the script's top level. */
  unbound: Ids;
}

export type ReleaseKind = 'unset' | 'reassign' | 'return' | 'end';

export interface CycleEvent {
  kind: ReleaseKind;
  /** What to underline: the unset/assignment/return, or the closing brace of the function. */
  at: { start: number; end: number };
  members: Alloc[];
  links: Link[];
  /** Where a fix can insert statements (start of the releasing statement, or after the last statement), and the
   * variables that hold each object just before the release (allocation id -> names). */
  insert: { offset: number; before: boolean; statement: Node } | null;
  holders: Map<number, string[]>;
}

export interface FlowResult {
  events: CycleEvent[];
  allocs: Alloc[];
}

/** Internal functions that read their arguments without keeping them. */
const PURE = new Set(['count', 'sizeof', 'is_object', 'is_array', 'is_null', 'is_string', 'is_int', 'is_float', 'is_bool',
  'is_numeric', 'is_callable', 'is_iterable', 'is_countable', 'is_scalar', 'is_resource', 'is_a', 'is_subclass_of',
  'get_class', 'get_parent_class', 'get_debug_type', 'gettype', 'spl_object_id', 'spl_object_hash', 'var_dump',
  'debug_zval_dump', 'print_r', 'var_export', 'printf', 'sprintf', 'strlen', 'in_array', 'array_key_exists',
  'method_exists', 'property_exists', 'json_encode', 'serialize', 'assert', 'error_log', 'memory_get_usage',
  'memory_get_peak_usage', 'gc_collect_cycles', 'gc_status', 'gc_enable', 'gc_disable', 'gc_enabled', 'printf',
  'echo', 'strval', 'intval', 'boolval', 'floatval', 'implode', 'join', 'trim', 'strtolower', 'strtoupper',
  'str_repeat', 'str_replace', 'substr', 'microtime', 'time', 'hrtime', 'usleep', 'sleep', 'array_keys',
  'array_key_first', 'array_key_last', 'number_format', 'round', 'max', 'min', 'abs', 'fwrite', 'fputs', 'fprintf']);

/** Calls that make a body's variables visible by name: nothing in it can be trusted to be local. */
const OPAQUE_CALLS = new Set(['compact', 'extract', 'get_defined_vars', 'eval', 'parse_str', 'func_get_args']);

interface Ctx {
  allocs: Alloc[];
  siteIds: Map<Node, number>;
  loopDepth: number;
  opaque: boolean;
  events: CycleEvent[];
  exits: State[][];
  statement: Node | null;
  statementInList: boolean;
  preVars: Map<string, Ids> | null;
  fnEnd: number;
  isFunction: boolean;
  /** Statements left to interpret: nested loops re-run their bodies, so a pathological body gives up (no events)
   * instead of stalling the editor. */
  budget: number;
}

class OutOfBudget extends Error {}

// ---------------------------------------------------------------- state helpers

function emptyState(unbound: Ids): State {
  return { vars: new Map(), must: new Map(), may: new Map(), escaped: new Set(), refVars: new Set(), reported: new Set(), unbound };
}

/** `new Map(map)` goes through the iterator protocol, an [key, value] array per entry: the states of every branch
 * and loop of every function are copied, and those arrays were 7% of what a check of WordPress allocated. */
function copyMap<K, V>(from: Map<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  from.forEach((value, key) => out.set(key, value));
  return out;
}

function clone(s: State): State {
  return {
    vars: copyMap(s.vars), must: copyMap(s.must), may: copyMap(s.may), escaped: new Set(s.escaped),
    refVars: new Set(s.refVars), reported: new Set(s.reported), unbound: s.unbound,
  };
}

function union(a: Ids, b: Ids): Ids {
  if (a.size === 0) return b;
  if (b.size === 0 || a === b) return a;
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}

function join(a: State | null, b: State | null): State | null {
  if (!a) return b && clone(b);
  if (!b) return clone(a);
  const out = clone(a);
  for (const [name, ids] of b.vars) out.vars.set(name, union(out.vars.get(name) ?? a.unbound, ids));
  for (const [name, ids] of a.vars) if (!b.vars.has(name)) out.vars.set(name, union(ids, b.unbound));
  for (const key of a.must.keys()) if (!b.must.has(key)) out.must.delete(key);
  for (const [from, tos] of b.may) out.may.set(from, union(out.may.get(from) ?? NONE, tos));
  for (const x of b.escaped) out.escaped.add(x);
  for (const x of b.refVars) out.refVars.add(x);
  for (const x of b.reported) out.reported.add(x);
  return out;
}

function sameState(a: State, b: State): boolean {
  if (a.vars.size !== b.vars.size || a.must.size !== b.must.size || a.escaped.size !== b.escaped.size ||
    a.refVars.size !== b.refVars.size || a.may.size !== b.may.size) return false;
  for (const [k, v] of a.vars) { const w = b.vars.get(k); if (!w || w.size !== v.size) return false; }
  for (const [k, v] of a.may) { const w = b.may.get(k); if (!w || w.size !== v.size) return false; }
  return true;
}

function reach(s: State, roots: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === TOP || seen.has(id)) continue;
    seen.add(id);
    for (const next of s.may.get(id) ?? NONE) stack.push(next);
  }
  return seen;
}

function escape(s: State, ids: Ids): void {
  for (const id of ids) if (id !== TOP) s.escaped.add(id);
}

function bindVar(s: State, name: string, ids: Ids): void {
  s.vars.set(name, ids);
}

function readVar(s: State, name: string): Ids {
  if (name === 'this') return UNKNOWN;
  return s.vars.get(name) ?? s.unbound;
}

function addMay(s: State, from: number, tos: Ids): void {
  if (from === TOP) return;
  s.may.set(from, union(s.may.get(from) ?? NONE, tos));
}

function linkKey(l: { from: number; to: number; prop: string; element: boolean }): string {
  return `${l.from}>${l.prop}${l.element ? '[]' : ''}>${l.to}`;
}

function killLinks(s: State, from: number, prop: string | null, elementsOnly = false): void {
  for (const [key, l] of s.must) {
    if (l.from !== from) continue;
    if (prop !== null && l.prop !== prop) continue;
    if (elementsOnly && !l.element) continue;
    s.must.delete(key);
  }
}

// ---------------------------------------------------------------- expressions

function alloc(cx: Ctx, node: Node): number {
  let id = cx.siteIds.get(node);
  if (id === undefined) {
    id = cx.allocs.length;
    const what = node.what;
    const className = what?.kind === 'name' ? shortName(what.name) : null;
    cx.allocs.push({ id, node, className, summary: false, label: null });
    cx.siteIds.set(node, id);
  }
  if (cx.loopDepth > 0) cx.allocs[id].summary = true;
  return id;
}

/** Evaluates an expression for its effects, returning the objects its value may be (TOP: something not modelled). */
function value(cx: Ctx, s: State, e: Node | null | undefined): Ids {
  if (!e) return NONE;
  switch (e.kind) {
    case 'variable': {
      const name = varName(e);
      if (name === null) { cx.opaque = true; return UNKNOWN; }
      if (name === 'GLOBALS') return UNKNOWN;
      return readVar(s, name);
    }
    case 'string': case 'number': case 'boolean': case 'nullkeyword': case 'constref': case 'magic': case 'name':
    case 'nowdoc': case 'inline':
      return NONE;
    case 'encapsed':
      for (const part of e.value ?? []) use(cx, s, part.kind === 'encapsedpart' ? part.expression : part);
      return NONE;
    case 'propertylookup': case 'nullsafepropertylookup': {
      // Whatever a property holds may point back at its object, and may be something we did not see stored.
      const base = value(cx, s, e.what);
      if (e.offset && e.offset.kind !== 'identifier') use(cx, s, e.offset);
      return union(reach(s, base), UNKNOWN);
    }
    case 'offsetlookup': {
      const base = value(cx, s, e.what);
      if (e.offset) use(cx, s, e.offset);
      return union(new Set(reach(s, base)), UNKNOWN);
    }
    case 'staticlookup': case 'classconstant':
      if (e.offset && e.offset.kind !== 'identifier') use(cx, s, e.offset);
      return UNKNOWN;
    case 'new': {
      for (const arg of e.arguments ?? []) escapeValue(cx, s, arg);
      if (e.what?.kind === 'class') return UNKNOWN; // anonymous class: its constructor is not followed
      if (e.what?.kind !== 'name') { use(cx, s, e.what); return UNKNOWN; }
      return new Set([alloc(cx, e)]);
    }
    case 'call': return call(cx, s, e);
    case 'array': {
      let out: Ids = NONE;
      for (const item of e.items ?? []) {
        if (!item) continue;
        if (item.kind === 'entry') {
          if (item.key) use(cx, s, item.key);
          if (item.byRef) { escapeValue(cx, s, item.value); refBind(s, item.value); continue; }
          out = union(out, value(cx, s, item.value));
        } else if (item.kind === 'variadic' || item.kind === 'spread') {
          out = union(out, value(cx, s, item.what));
        } else out = union(out, value(cx, s, item));
      }
      return out;
    }
    case 'closure': {
      for (const u of e.uses ?? []) {
        const name = varName(u);
        if (!name) continue;
        escape(s, readVar(s, name));
        if (u.byref) s.refVars.add(name);
      }
      return UNKNOWN;
    }
    case 'arrowfunc': {
      // An arrow function captures by value every outer variable its body uses.
      for (const name of s.vars.keys()) if (usesVariable(e.body, name)) escape(s, readVar(s, name));
      return UNKNOWN;
    }
    case 'assign': return assign(cx, s, e);
    case 'assignref': {
      escapeValue(cx, s, e.right);
      refBind(s, e.right);
      refBind(s, e.left);
      const name = varName(e.left);
      if (name) bindVar(s, name, UNKNOWN);
      else escapeValue(cx, s, e.left);
      return UNKNOWN;
    }
    case 'retif': {
      use(cx, s, e.test);
      const whenTrue = e.trueExpr ? value(cx, s, e.trueExpr) : value(cx, s, e.test);
      return union(whenTrue, value(cx, s, e.falseExpr));
    }
    case 'bin': {
      if (e.type === '+' || e.type === '??' || e.type === '?:') return union(value(cx, s, e.left), value(cx, s, e.right));
      use(cx, s, e.left);
      use(cx, s, e.right);
      return NONE;
    }
    case 'unary': case 'pre': case 'post': case 'isset': case 'empty': case 'print': {
      for (const c of [e.what, e.expr, ...(e.variables ?? [])]) if (c) use(cx, s, c);
      return NONE;
    }
    case 'silent': return value(cx, s, e.expr);
    case 'cast': {
      if (e.type === 'array' || e.type === 'object') return escapeValue(cx, s, e.expr);
      use(cx, s, e.expr);
      return NONE;
    }
    case 'match': {
      use(cx, s, e.cond);
      let out: Ids = NONE;
      for (const arm of e.arms ?? []) {
        for (const c of arm.conds ?? []) use(cx, s, c);
        out = union(out, value(cx, s, arm.body));
      }
      return out;
    }
    case 'list':
      return UNKNOWN;
    case 'include': case 'eval':
      cx.opaque = true;
      use(cx, s, e.target ?? e.source);
      return UNKNOWN;
    default:
      // Anything not modelled (clone, yield, throw expressions, ...): every object it touches may be kept.
      for (const c of childNodes(e)) escapeValue(cx, s, c);
      return UNKNOWN;
  }
}

function childNodes(e: Node): Node[] {
  const out: Node[] = [];
  for (const key in e) {
    if (key === 'loc' || key === 'kind' || key === 'leadingComments' || key === 'trailingComments') continue;
    const v = e[key];
    if (Array.isArray(v)) { for (const x of v) if (x && typeof x.kind === 'string') out.push(x); }
    else if (v && typeof v === 'object' && typeof v.kind === 'string') out.push(v);
  }
  return out;
}

/** Evaluates for effects only, in a position that does not keep the value (a condition, an echo, a comparison). */
function use(cx: Ctx, s: State, e: Node | null | undefined): void {
  if (!e) return;
  if (e.kind === 'call' && e.what?.kind !== 'name') {
    // A method call on an object: the method sees `$this` and may keep it.
    value(cx, s, e);
    return;
  }
  value(cx, s, e);
}

function escapeValue(cx: Ctx, s: State, e: Node | null | undefined): Ids {
  const ids = value(cx, s, e);
  escape(s, ids);
  return ids;
}

function refBind(s: State, e: Node | null | undefined): void {
  const name = varName(e);
  if (name) s.refVars.add(name);
}

function call(cx: Ctx, s: State, e: Node): Ids {
  const fn = calleeName(e);
  if (fn && OPAQUE_CALLS.has(fn)) cx.opaque = true;
  if (e.what?.kind === 'name') {
    const pure = fn !== null && PURE.has(fn);
    for (const arg of e.arguments ?? []) {
      if (pure) use(cx, s, arg);
      else escapeValue(cx, s, arg);
    }
    return UNKNOWN;
  }
  // `$o->m(...)`, `$f(...)`, `C::m(...)`: the receiver and every argument may be kept.
  if (e.what?.kind === 'propertylookup' || e.what?.kind === 'nullsafepropertylookup') {
    escapeValue(cx, s, e.what.what);
    if (e.what.offset?.kind !== 'identifier') use(cx, s, e.what.offset);
  } else escapeValue(cx, s, e.what);
  for (const arg of e.arguments ?? []) escapeValue(cx, s, arg);
  return UNKNOWN;
}

/** Whether an assignment can make a link (`$a->next = $b`, `$a->items[] = $b`): a must-cycle of several objects
 * needs two of them in one body, so a body with fewer is not worth interpreting. */
export function canLink(assign: Node): boolean {
  return assign.kind === 'assign' && (!assign.operator || assign.operator === '=') && propertyTarget(assign.left) !== null;
}

/** The property a write goes to: `$base->prop`, `$base->prop[...]...`. */
function propertyTarget(left: Node): { base: Node; prop: string | null; element: boolean; lookup: Node } | null {
  let n = left;
  let element = false;
  while (n?.kind === 'offsetlookup') { n = n.what; element = true; }
  if (n?.kind !== 'propertylookup' && n?.kind !== 'nullsafepropertylookup') return null;
  return { base: n.what, prop: propName(n), element, lookup: n };
}

function assign(cx: Ctx, s: State, e: Node): Ids {
  const left = e.left;
  if (e.operator && e.operator !== '=') {
    const right = e.operator === '??=' ? value(cx, s, e.right) : (use(cx, s, e.right), NONE);
    const name = varName(left);
    if (name && !s.refVars.has(name)) bindVar(s, name, union(readVar(s, name), right));
    else if (name) escape(s, right);
    else escapeTarget(cx, s, left, right);
    return right;
  }
  const rightNode = e.right;
  const right = value(cx, s, rightNode);
  const name = varName(left);
  if (left?.kind === 'variable') {
    if (name === null) { cx.opaque = true; escape(s, right); return right; }
    if (name === 'this' || name === 'GLOBALS' || s.refVars.has(name)) { escape(s, right); bindVar(s, name, UNKNOWN); return right; }
    for (const id of right) if (id !== TOP && cx.allocs[id].label === null) cx.allocs[id].label = name;
    const old = readVar(s, name);
    bindVar(s, name, right);
    if (hasObjects(old) && !sameIds(old, right)) release(cx, s, 'reassign', e);
    return right;
  }
  if (left?.kind === 'list' || left?.kind === 'array') {
    escape(s, right);
    for (const item of left.items ?? []) {
      const v = item?.kind === 'entry' ? item.value : item;
      const n = varName(v);
      if (n) { if (item?.byRef) s.refVars.add(n); bindVar(s, n, UNKNOWN); } else if (v) escapeTarget(cx, s, v, UNKNOWN);
    }
    return right;
  }
  escapeTarget(cx, s, left, right, rightNode, e);
  return right;
}

/** A write into something other than a plain variable: a property, an array element, a static. */
function escapeTarget(cx: Ctx, s: State, left: Node, right: Ids, rightNode?: Node, assignNode?: Node): void {
  const target = propertyTarget(left);
  if (target) {
    // Offsets along the way are evaluated for their effects.
    for (let n = left; n?.kind === 'offsetlookup'; n = n.what) if (n.offset) use(cx, s, n.offset);
    const bases = value(cx, s, target.base);
    if (target.lookup.offset && target.lookup.offset.kind !== 'identifier') use(cx, s, target.lookup.offset);
    if (bases.has(TOP) || bases.size === 0) { escape(s, right); return; }
    for (const b of bases) {
      if (target.prop === null) killLinks(s, b, null);
      else if (!target.element) killLinks(s, b, target.prop);
      addMay(s, b, right);
    }
    // A certain link: one object, written once on this path, outside loops, with a known value.
    if (!assignNode || target.prop === null || bases.size !== 1 || cx.loopDepth > 0) return;
    const from = [...bases][0];
    if (cx.allocs[from].summary) return;
    const items = !target.element && rightNode?.kind === 'array' ? (rightNode.items ?? []) : [rightNode];
    const element = target.element || (rightNode?.kind === 'array');
    for (const item of items) {
      const v = item?.kind === 'entry' ? (item.byRef ? null : item.value) : item;
      const ids = rightNode?.kind === 'array' ? readSingle(s, v) : right;
      if (ids.size !== 1 || ids.has(TOP)) continue;
      const to = [...ids][0];
      if (cx.allocs[to].summary) continue;
      const link: Link = { from, to, prop: target.prop, element, node: assignNode };
      s.must.set(linkKey(link), link);
    }
    return;
  }
  // `$arr[...] = $x`: the array variable now holds $x as well.
  let n = left;
  while (n?.kind === 'offsetlookup') { if (n.offset) use(cx, s, n.offset); n = n.what; }
  const name = varName(n);
  if (name && n !== left && name !== 'this' && name !== 'GLOBALS' && !s.refVars.has(name)) {
    const held = readVar(s, name);
    if (held.has(TOP)) escape(s, right);
    bindVar(s, name, union(held, right));
    return;
  }
  if (n && n !== left && n.kind !== 'variable') value(cx, s, n);
  escape(s, right);
}

function readSingle(s: State, v: Node | null | undefined): Ids {
  const name = varName(v);
  if (v?.kind === 'new') return NONE; // fresh objects inside an array literal have no variable to break from
  return name ? readVar(s, name) : NONE;
}

function hasObjects(ids: Ids): boolean {
  for (const id of ids) if (id !== TOP) return true;
  return false;
}

function sameIds(a: Ids, b: Ids): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

// ---------------------------------------------------------------- releases and cycles

/** Strongly connected components of the must-links among objects nothing outside may hold. */
function deadCycles(cx: Ctx, s: State): Array<{ members: number[]; links: Link[] }> {
  if (s.must.size === 0) return [];
  const roots: number[] = [...s.escaped];
  for (const ids of s.vars.values()) for (const id of ids) roots.push(id);
  const live = reach(s, roots);
  const graph = new Map<number, Link[]>();
  for (const l of s.must.values()) {
    if (live.has(l.from) || live.has(l.to) || l.from === l.to) continue;
    const list = graph.get(l.from) ?? [];
    list.push(l);
    graph.set(l.from, list);
  }
  if (graph.size === 0) return [];
  return components(graph).filter((c) => c.length > 1).map((members) => {
    const set = new Set(members);
    const links = [...s.must.values()].filter((l) => set.has(l.from) && set.has(l.to) && l.from !== l.to);
    return { members: members.sort((a, b) => a - b), links };
  });
}

/** Tarjan's algorithm, iterative (bodies can be long). */
export function components(graph: Map<number, Array<{ to: number }>>): number[][] {
  let index = 0;
  const idx = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work: Array<[number, number]> = [[start, 0]];
    idx.set(start, index); low.set(start, index); index++;
    stack.push(start); onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      const edges = graph.get(v) ?? [];
      if (i < edges.length) {
        top[1]++;
        const w = edges[i].to;
        if (!idx.has(w)) {
          idx.set(w, index); low.set(w, index); index++;
          stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: number[] = [];
        let w: number;
        do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
        out.push(comp);
      }
    }
  }
  return out;
}

function release(cx: Ctx, s: State, kind: ReleaseKind, node: Node | null): void {
  if (cx.loopDepth > 0 || cx.opaque) return;
  for (const cycle of deadCycles(cx, s)) {
    const key = cycle.members.join(',');
    if (s.reported.has(key)) continue;
    s.reported.add(key);
    const holders = new Map<number, string[]>();
    const vars = cx.preVars ?? s.vars;
    for (const [name, ids] of vars) {
      if (ids.size !== 1 || s.refVars.has(name)) continue;
      const id = [...ids][0];
      if (id === TOP) continue;
      const list = holders.get(id) ?? [];
      list.push(name);
      holders.set(id, list);
    }
    const at = node?.loc ? { start: node.loc.start.offset, end: node.loc.end.offset } : { start: Math.max(cx.fnEnd - 1, 0), end: cx.fnEnd };
    const statement = cx.statement;
    const insert = statement && cx.statementInList
      ? { offset: statement.loc!.start.offset, before: kind !== 'end', statement }
      : null;
    cx.events.push({ kind, at, members: cycle.members.map((id) => cx.allocs[id]), links: cycle.links, insert, holders });
  }
}

// ---------------------------------------------------------------- statements

function runList(cx: Ctx, s: State | null, list: Node[]): State | null {
  for (const st of list) {
    if (!s) return null; // unreachable code after return/throw/break
    s = statement(cx, s, st, true);
  }
  return s;
}

function runBody(cx: Ctx, s: State | null, body: Node | null | undefined): State | null {
  if (!body || !s) return s;
  if (body.kind === 'block') return runList(cx, s, body.children ?? []);
  return statement(cx, s, body, false);
}

function statement(cx: Ctx, s: State, st: Node, inList: boolean): State | null {
  if (--cx.budget < 0) throw new OutOfBudget();
  const saved = [cx.statement, cx.statementInList, cx.preVars] as const;
  cx.statement = st;
  cx.statementInList = inList;
  cx.preVars = copyMap(s.vars);
  try {
    return exec(cx, s, st);
  } finally {
    [cx.statement, cx.statementInList, cx.preVars] = saved;
  }
}

function loop(cx: Ctx, s: State, iteration: (s: State) => State | null, before?: (s: State) => void): State {
  cx.loopDepth++;
  cx.exits.push([]);
  let head = clone(s);
  if (before) before(head);
  try {
    // Bindings only grow and links only shrink, so a few passes reach the fixpoint; inner loops get fewer.
    const passes = cx.loopDepth <= 1 ? 4 : 2;
    for (let i = 0; i < passes; i++) {
      const end = iteration(clone(head));
      let next = join(head, end)!;
      for (const x of cx.exits[cx.exits.length - 1]) next = join(next, x)!;
      if (sameState(next, head)) { head = next; break; }
      head = next;
    }
  } finally {
    cx.loopDepth--;
    cx.exits.pop();
  }
  return head;
}

function exec(cx: Ctx, s: State, st: Node): State | null {
  switch (st.kind) {
    case 'expressionstatement':
      use(cx, s, st.expression);
      return s;
    case 'block':
      return runList(cx, s, st.children ?? []);
    case 'echo': case 'print':
      for (const e of st.expressions ?? [st.expression]) use(cx, s, e);
      return s;
    case 'unset': {
      let released = false;
      for (const v of st.variables ?? []) {
        const name = varName(v);
        if (v.kind === 'variable' && name) {
          if (hasObjects(readVar(s, name))) released = true;
          s.refVars.delete(name);
          bindVar(s, name, NONE);
          continue;
        }
        const target = propertyTarget(v);
        if (target) {
          const bases = value(cx, s, target.base);
          for (const b of bases) if (b !== TOP) killLinks(s, b, target.prop, target.element);
        } else use(cx, s, v);
      }
      if (released) release(cx, s, 'unset', st);
      return s;
    }
    case 'return': {
      escapeValue(cx, s, st.expr);
      if (cx.isFunction) endOfFunction(cx, s, 'return', st);
      return null;
    }
    case 'throw':
      escapeValue(cx, s, st.what);
      return null;
    case 'exit':
      use(cx, s, st.expression ?? st.status);
      return null;
    case 'break': case 'continue': {
      const exits = cx.exits[cx.exits.length - 1];
      if (exits) exits.push(clone(s));
      return null;
    }
    case 'global':
      for (const v of st.items ?? []) {
        const name = varName(v);
        if (name) { s.refVars.add(name); bindVar(s, name, UNKNOWN); }
      }
      return s;
    case 'static':
      for (const v of st.variables ?? []) {
        const name = varName(v.variable ?? v);
        if (v.defaultValue) escapeValue(cx, s, v.defaultValue);
        if (name) { s.refVars.add(name); bindVar(s, name, UNKNOWN); }
      }
      return s;
    case 'if': {
      use(cx, s, st.test);
      const yes = runBody(cx, clone(s), st.body);
      const no = st.alternate ? runBody(cx, clone(s), st.alternate) : s;
      return join(yes, no);
    }
    case 'while':
      return loop(cx, s, (x) => { use(cx, x, st.test); return runBody(cx, x, st.body); }, (h) => use(cx, h, st.test));
    case 'do':
      return loop(cx, s, (x) => { const after = runBody(cx, x, st.body); if (after) use(cx, after, st.test); return after; });
    case 'for': {
      for (const e of st.init ?? []) use(cx, s, e);
      return loop(cx, s, (x) => {
        for (const e of st.test ?? []) use(cx, x, e);
        const after = runBody(cx, x, st.body);
        if (after) for (const e of st.increment ?? []) use(cx, after, e);
        return after;
      });
    }
    case 'foreach': {
      const source = value(cx, s, st.source);
      const byRef = !!st.value?.byref || st.value?.kind === 'list';
      if (byRef) escape(s, source);
      return loop(cx, s, (x) => {
        if (st.key) bindLoopVar(cx, x, st.key, NONE);
        bindLoopVar(cx, x, st.value, byRef ? UNKNOWN : union(new Set(reach(x, source)), UNKNOWN));
        return runBody(cx, x, st.body);
      });
    }
    case 'switch': {
      use(cx, s, st.test);
      cx.exits.push([]);
      let out: State | null = null;
      let fall: State | null = null;
      let hasDefault = false;
      try {
        for (const c of st.body?.children ?? []) {
          if (!c.test) hasDefault = true;
          else use(cx, s, c.test);
          const input = join(s, fall)!;
          fall = runBody(cx, input, c.body);
        }
        out = fall;
        for (const x of cx.exits[cx.exits.length - 1]) out = join(out, x);
      } finally {
        cx.exits.pop();
      }
      return hasDefault ? out : join(out, s);
    }
    case 'try': {
      const after = runBody(cx, clone(s), st.body);
      let out = after;
      const atThrow = join(s, after)!;
      for (const c of st.catches ?? []) {
        const x = clone(atThrow);
        if (c.variable) bindVar(x, varName(c.variable) ?? '', UNKNOWN);
        out = join(out, runBody(cx, x, c.body));
      }
      if (st.always) {
        const fin = runBody(cx, join(out, atThrow)!, st.always);
        return out ? fin : null;
      }
      return out;
    }
    case 'declare':
      return runList(cx, s, st.children ?? []);
    case 'namespace':
      return runList(cx, s, st.children ?? []);
    case 'goto': case 'label':
      cx.opaque = true;
      return s;
    case 'inline': case 'noop': case 'usegroup': case 'useitem': case 'constantstatement':
      return s;
    default:
      if (FUNCTION_LIKE.has(st.kind) || st.kind === 'class' || st.kind === 'interface' || st.kind === 'trait' || st.kind === 'enum') return s;
      for (const c of childNodes(st)) escapeValue(cx, s, c);
      return s;
  }
}

function bindLoopVar(cx: Ctx, s: State, v: Node | null | undefined, ids: Ids): void {
  const name = varName(v);
  if (name) {
    if (v?.byref) s.refVars.add(name);
    if (s.refVars.has(name)) { bindVar(s, name, UNKNOWN); return; }
    bindVar(s, name, ids);
  } else if (v) {
    // `foreach ($x as $this->current)`, `as [$a, $b]`: not modelled.
    if (v.kind === 'list' || v.kind === 'array') {
      for (const item of v.items ?? []) {
        const n = varName(item?.kind === 'entry' ? item.value : item);
        if (n) bindVar(s, n, UNKNOWN);
      }
    } else escapeTarget(cx, s, v, ids);
  }
}

function endOfFunction(cx: Ctx, s: State, kind: ReleaseKind, node: Node | null): void {
  const ended = clone(s);
  for (const name of ended.vars.keys()) if (!ended.refVars.has(name)) ended.vars.set(name, NONE);
  release(cx, ended, kind, node);
  for (const k of ended.reported) s.reported.add(k);
}

/** Runs the flow over one body. `fn` is the function-like node (null: the script's top level, where variables live
 * until the script ends and are never reported at the end). */
export function analyzeBody(fn: Node | null, statements: Node[]): FlowResult {
  const cx: Ctx = {
    allocs: [], siteIds: new Map(), loopDepth: 0, opaque: false, events: [], exits: [], statement: null,
    statementInList: false, preVars: null, fnEnd: fn?.loc?.end.offset ?? 0, isFunction: !!fn, budget: 50_000,
  };
  const s = emptyState(fn ? NONE : UNKNOWN);
  if (fn) {
    for (const p of fn.arguments ?? []) {
      const name = varName(p) ?? String(p.name?.name ?? p.name ?? '');
      if (p.byref) s.refVars.add(name);
      bindVar(s, name, UNKNOWN);
    }
    for (const u of fn.uses ?? []) {
      const name = varName(u);
      if (name) { if (u.byref) s.refVars.add(name); bindVar(s, name, UNKNOWN); }
    }
  }
  let end: State | null = null;
  try {
    end = runList(cx, s, statements);
  } catch (err) {
    // Absurdly deep expressions, or a body too large to interpret on a keystroke: report nothing rather than guess.
    if (err instanceof RangeError || err instanceof OutOfBudget) return { events: [], allocs: cx.allocs };
    throw err;
  }
  if (fn && end && fn.kind !== 'arrowfunc') {
    const last = statements[statements.length - 1];
    cx.statement = last ?? null;
    cx.statementInList = !!last;
    cx.preVars = copyMap(end.vars);
    endOfFunction(cx, end, 'end', null);
  }
  if (cx.opaque) return { events: [], allocs: cx.allocs };
  return { events: cx.events, allocs: cx.allocs };
}
