// One walk per unit, shared by the memory rules: the nodes the rules look up, each with its parent and the
// function-like node whose own scope it is in (null for the script). Rules ask "does this function contain an unset /
// a by-reference foreach / two `new`s" before doing any real work, so the rules together cost about one walk of the
// unit on a keystroke.
import type { Node } from './parse';
import { pushChildrenReversed, FUNCTION_LIKE } from './walk';

export interface Indexed { node: Node; parent: Node | null; fn: Node | null; /** Position in the walk (pre-order). */ at: number; }

export interface UnitIndex {
  /** Nodes by key (their kind, see keyOf), in source order of the walk. */
  byKind: Map<string, Indexed[]>;
  /** Nodes by the function whose own scope holds them (nested functions excluded), then by key. */
  byFn: Map<Node | null, Map<string, Indexed[]>>;
  /** Keys beyond INDEXED_KEYS that a question walked the unit again for. */
  walkedFor: Set<string>;
}

// The kinds the rules look up. Only these get an entry: variables, strings, names and the like are three quarters of
// a unit's nodes and an entry for each was most of the index's time and allocation on WordPress. A kind asked for
// that is not listed still works (one more walk of the unit, the first time it is asked for).
const INDEXED_KINDS: ReadonlySet<string> = new Set([
  ...FUNCTION_LIKE, 'class', 'trait', 'call', 'new', 'assign', 'assignref', 'global', 'static', 'unset', 'foreach', 'while', 'do', 'for',
]);
// Of the variables, the rules ask only for these: name -> key.
const INDEXED_VARIABLES: ReadonlyMap<string, string> = new Map(['this', 'GLOBALS'].map((name) => [name, variableKey(name)]));
/** Every key the first walk of a unit fills. */
const INDEXED_KEYS: ReadonlySet<string> = new Set([...INDEXED_KINDS, ...INDEXED_VARIABLES.values()]);

/** `$this`, `$GLOBALS`: the key of a variable node with that plain name. */
export function variableKey(name: string): string {
  return `$${name}`;
}

function keyOf(node: Node): string | null {
  if (node.kind === 'variable') return typeof node.name === 'string' ? INDEXED_VARIABLES.get(node.name) ?? null : null;
  return INDEXED_KINDS.has(node.kind) ? node.kind : null;
}

// Valid for one analysis of a unit only: the incremental document edits ASTs in place, so a node seen before may
// hold other children now. runUnit starts a fresh cache for every unit it analyses.
let cache = new WeakMap<Node, UnitIndex>();
/** Counts the analyses begun, so what rememberedPerUnit keeps is dropped with the indexes. */
let analysis = 0;

export function forgetUnitIndexes(): void {
  cache = new WeakMap();
  analysis++;
}

/** `compute` with its result kept per node for one analysis of a unit, as the indexes are (same lifetime, same
 * reason): for facts about a node that several rules, or one rule many times, ask for. */
export function rememberedPerUnit<V>(compute: (node: Node) => V): (node: Node) => V {
  let kept = new WeakMap<Node, V>();
  let keptFor = analysis;
  return (node) => {
    if (keptFor !== analysis) {
      kept = new WeakMap();
      keptFor = analysis;
    }
    if (kept.has(node)) return kept.get(node)!;
    const value = compute(node);
    kept.set(node, value);
    return value;
  };
}

export function indexUnit(root: Node): UnitIndex {
  const hit = cache.get(root);
  if (hit) return hit;
  const index: UnitIndex = { byKind: new Map(), byFn: new Map(), walkedFor: new Set() };
  indexWalk(root, keyOf, index);
  cache.set(root, index);
  return index;
}

/** The index of `root` holding every node of `key`, walking the unit again for a key the first walk left out. */
function indexFor(root: Node, key: string): UnitIndex {
  const index = indexUnit(root);
  if (!INDEXED_KEYS.has(key) && !index.walkedFor.has(key)) {
    index.walkedFor.add(key);
    const name = key.startsWith('$') ? key.slice(1) : null;
    indexWalk(root, name === null ? (n) => (n.kind === key ? key : null) : (n) => (n.kind === 'variable' && n.name === name ? key : null), index);
  }
  return index;
}

/** Pre-order over `root` with explicit stacks (100,000-deep user code must not overflow the JS stack), children in
 * source order as walk.ts's descend visits them; adds an entry for each node `key` names. Three stacks rather than
 * descend's state per node: most nodes get no entry, and a state object for each was most of the index's garbage. */
function indexWalk(root: Node, key: (node: Node) => string | null, index: UnitIndex): void {
  const nodes: Node[] = [root];
  const parents: (Node | null)[] = [null];
  const fns: (Node | null)[] = [FUNCTION_LIKE.has(root.kind) ? root : null];
  for (let at = 0; nodes.length; at++) {
    const node = nodes.pop()!;
    const up = parents.pop()!;
    const fn = fns.pop()!;
    const k = key(node);
    if (k !== null) {
      const entry: Indexed = { node, parent: up, fn, at };
      push(index.byKind, k, entry);
      let perFn = index.byFn.get(fn);
      if (!perFn) index.byFn.set(fn, (perFn = new Map()));
      push(perFn, k, entry);
    }
    const childFn = FUNCTION_LIKE.has(node.kind) ? node : fn;
    for (let n = pushChildrenReversed(node, nodes); n > 0; n--) {
      parents.push(node);
      fns.push(childFn);
    }
  }
}

function push(map: Map<string, Indexed[]>, key: string, entry: Indexed): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

const NONE: readonly Indexed[] = Object.freeze([]);

/** Nodes of `kind` (or `$this`-style variable keys) in any of the unit's roots. The index's own list when the unit
 * has one root (most have; rules ask many times per unit): read only. */
export function nodesOfKind(roots: readonly Node[], kind: string): readonly Indexed[] {
  if (roots.length === 1) return indexFor(roots[0], kind).byKind.get(kind) ?? NONE;
  return roots.flatMap((r) => indexFor(r, kind).byKind.get(kind) ?? []);
}

/** Nodes of `kind` in the own scope of `fn` (null: the script's top level), across the unit's roots (read only, as
 * nodesOfKind's). */
export function nodesInScope(roots: readonly Node[], fn: Node | null, kind: string): readonly Indexed[] {
  if (roots.length === 1) return indexFor(roots[0], kind).byFn.get(fn)?.get(kind) ?? NONE;
  return roots.flatMap((r) => indexFor(r, kind).byFn.get(fn)?.get(kind) ?? []);
}

/** Nodes of any of `kinds` in the unit's roots, in source (walk) order: for rules that used to walk the whole unit
 * to find a few kinds of node. */
export function nodesOfKinds(roots: readonly Node[], kinds: readonly string[]): readonly Indexed[] {
  if (kinds.length === 1) return nodesOfKind(roots, kinds[0]);
  // The lists of those kinds merged back into walk order: a unit holds few nodes of the kinds asked for, and the
  // rules ask on every unit (filtering the whole walk was a tenth of their time on WordPress).
  const wanted = [...new Set(kinds)];
  return roots.flatMap((r) => {
    const lists: Indexed[][] = [];
    for (const kind of wanted) {
      const list = indexFor(r, kind).byKind.get(kind);
      if (list?.length) lists.push(list);
    }
    return inWalkOrder(lists);
  });
}

/** Lists each in walk order, as one new list in walk order (two entries at one position are one node asked for under
 * two keys, `$this` and `variable`: the earlier list's first). Merged in pairs: each entry is compared about log2(lists)
 * times and no comparator is called (sorting the concatenation was a fifth of finding the worker contexts). */
function inWalkOrder(lists: Indexed[][]): Indexed[] {
  if (lists.length <= 1) return lists.length ? lists[0].slice() : [];
  while (lists.length > 1) {
    const merged: Indexed[][] = [];
    for (let i = 0; i + 1 < lists.length; i += 2) merged.push(mergeTwo(lists[i], lists[i + 1]));
    if (lists.length % 2) merged.push(lists[lists.length - 1]);
    lists = merged;
  }
  return lists[0];
}

function mergeTwo(a: Indexed[], b: Indexed[]): Indexed[] {
  const out: Indexed[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i].at <= b[j].at ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
