// One walk per unit, shared by the memory rules: every node with its parent and the function-like node whose own
// scope it is in (null for the script). Rules ask "does this function contain an unset / a by-reference foreach /
// two `new`s" before doing any real work, so the rules together cost about one walk of the unit on a keystroke.
import type { Node } from './parse';
import { descend, FUNCTION_LIKE } from './walk';

export interface Indexed { node: Node; parent: Node | null; fn: Node | null; /** Position in the walk (UnitIndex.all). */ at: number; }

export interface UnitIndex {
  all: Indexed[];
  /** Nodes by kind, in source order of the walk. */
  byKind: Map<string, Indexed[]>;
  /** Nodes by the function whose own scope holds them (nested functions excluded), then by kind. */
  byFn: Map<Node | null, Map<string, Indexed[]>>;
}

// Valid for one analysis of a unit only: the incremental document edits ASTs in place, so a node seen before may
// hold other children now. runUnit starts a fresh cache for every unit it analyses.
let cache = new WeakMap<Node, UnitIndex>();

export function forgetUnitIndexes(): void {
  cache = new WeakMap();
}

export function indexUnit(root: Node): UnitIndex {
  const hit = cache.get(root);
  if (hit) return hit;
  const index: UnitIndex = { all: [], byKind: new Map(), byFn: new Map() };
  descend<Indexed | null>(root, null, (node, up) => {
    const fn = up ? (FUNCTION_LIKE.has(up.node.kind) ? up.node : up.fn) : FUNCTION_LIKE.has(node.kind) ? node : null;
    const entry: Indexed = { node, parent: up?.node ?? null, fn, at: index.all.length };
    index.all.push(entry);
    push(index.byKind, node.kind, entry);
    let perFn = index.byFn.get(fn);
    if (!perFn) index.byFn.set(fn, (perFn = new Map()));
    push(perFn, node.kind, entry);
    return entry;
  });
  cache.set(root, index);
  return index;
}

function push(map: Map<string, Indexed[]>, key: string, entry: Indexed): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/** Nodes of `kind` in any of the unit's roots. */
export function nodesOfKind(roots: Node[], kind: string): Indexed[] {
  return roots.flatMap((r) => indexUnit(r).byKind.get(kind) ?? []);
}

/** Nodes of `kind` in the own scope of `fn` (null: the script's top level), across the unit's roots. */
export function nodesInScope(roots: Node[], fn: Node | null, kind: string): Indexed[] {
  return roots.flatMap((r) => indexUnit(r).byFn.get(fn)?.get(kind) ?? []);
}

/** Nodes of any of `kinds` in the unit's roots, in source (walk) order: for rules that used to walk the whole unit
 * to find a few kinds of node. */
export function nodesOfKinds(roots: Node[], kinds: readonly string[]): Indexed[] {
  if (kinds.length === 1) return nodesOfKind(roots, kinds[0]);
  // The lists of those kinds merged back into walk order: a unit holds few nodes of the kinds asked for, and the
  // rules ask on every unit (filtering the whole walk was a tenth of their time on WordPress).
  const wanted = [...new Set(kinds)];
  return roots.flatMap((r) => {
    const { byKind } = indexUnit(r);
    const found: Indexed[] = [];
    let lists = 0;
    for (const kind of wanted) {
      const list = byKind.get(kind);
      if (!list) continue;
      lists++;
      for (const entry of list) found.push(entry);
    }
    return lists > 1 ? found.sort((a, b) => a.at - b.at) : found;
  });
}
