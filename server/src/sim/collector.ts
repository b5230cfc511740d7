// The synchronous cycle collector of Zend/zend_gc.c (Bacon-Rajan): mark grey, scan, collect white; objects whose
// destructor has not run are pulled out of the run, their destructors run in buffer order, and the collector
// runs again at once. Traversal order follows Zend (first child next, the others stacked) because it decides the
// order garbage joins the buffer, hence destructor order and handle reuse.
import type { Machine } from './machine.js';
import { isRefcounted, type Color, type HeapNode, type Slot } from './zval.js';
import { addGarbage, compact, removeFromBuffer } from './rootBuffer.js';
import { destroy, freeObject, hasDestructor, release, runDestructor } from './refcount.js';
import { freeMemory } from './alloc.js';

/** Refcounted children as the GC sees them (get_gc handlers), in order, written into `out` from index 0; returns
 * how many. The traversals below use one scratch buffer per call level: a node's children are consumed before the
 * next node is visited, so nothing is allocated per node. */
export function gcChildren(n: HeapNode, out: HeapNode[] = []): number {
  let k = 0;
  switch (n.kind) {
    case 'array':
      for (const s of n.ht.values()) if (isRefcounted(s)) out[k++] = s;
      break;
    case 'ref':
      if (isRefcounted(n.val)) out[k++] = n.val;
      break;
    case 'object':
      if (n.closure) {
        const t = n.closure.thisObj;
        if (t) out[k++] = t;
        for (const s of n.closure.captured.values()) if (isRefcounted(s)) out[k++] = s;
      }
      for (const s of n.props.values()) if (isRefcounted(s)) out[k++] = s;
      if (n.internal?.gcChildren) for (const s of n.internal.gcChildren() as Slot[]) if (isRefcounted(s)) out[k++] = s;
      break;
  }
  return k;
}

// Zend's traversal shape (zend_gc.c): the first child to descend into becomes the next node, the others are
// pushed on a stack and popped last-in first-out. It decides the order garbage joins the buffer, hence destructor
// order and handle reuse, so every phase below keeps it.
const kids: HeapNode[] = [];
const stack: HeapNode[] = [];

function markGrey(start: HeapNode, seen: Set<HeapNode> | null): void {
  let ref: HeapNode | undefined = start;
  const base = stack.length;
  while (ref) {
    if (seen) seen.add(ref);
    let next: HeapNode | undefined;
    const k = gcChildren(ref, kids);
    for (let i = 0; i < k; i++) {
      const c = kids[i];
      c.rc--;
      if (c.color !== 'grey') {
        c.color = 'grey';
        if (next) stack.push(c);
        else next = c;
      }
    }
    ref = next ?? (stack.length > base ? stack.pop() : undefined);
  }
}

function scanBlack(start: HeapNode): void {
  let ref: HeapNode | undefined = start;
  const base = stack.length;
  while (ref) {
    let next: HeapNode | undefined;
    const k = gcChildren(ref, kids);
    for (let i = 0; i < k; i++) {
      const c = kids[i];
      c.rc++;
      if (c.color !== 'black') {
        c.color = 'black';
        if (next) stack.push(c);
        else next = c;
      }
    }
    ref = next ?? (stack.length > base ? stack.pop() : undefined);
  }
}

function scan(start: HeapNode): void {
  let ref: HeapNode | undefined = start;
  const base = stack.length;
  while (ref) {
    let next: HeapNode | undefined;
    if (ref.color === 'white') {
      if (ref.rc > 0) {
        ref.color = 'black';
        scanBlack(ref);
      } else {
        const k = gcChildren(ref, kids);
        for (let i = 0; i < k; i++) {
          const c = kids[i];
          if (c.color === 'grey') {
            c.color = 'white';
            if (next) stack.push(c);
            else next = c;
          }
        }
      }
    }
    ref = next ?? (stack.length > base ? stack.pop() : undefined);
  }
}

interface RunFlags {
  hasDestructors: boolean;
  /** With a trace: every value `collected` counts in this run, in the order the collector met them. */
  counted: HeapNode[] | null;
}

/** The trace lists at most this many ids per phase (the counts stay exact; `listed` says how many are listed). */
const MAX_LISTED = 2000;

function listed(nodes: HeapNode[]): { ids: number[]; listed: number } {
  const ids = nodes.slice(0, MAX_LISTED).map((n) => n.id);
  return { ids, listed: ids.length };
}

/** gc_collect_white: restore counts, add non-root garbage to the buffer, count all but reference wrappers. */
function collectWhite(m: Machine, start: HeapNode, flags: RunFlags): number {
  let count = 0;
  let ref: HeapNode | undefined = start;
  const base = stack.length;
  while (ref) {
    let next: HeapNode | undefined;
    if (ref.kind !== 'ref') {
      count++;
      flags.counted?.push(ref);
    }
    if (ref.kind === 'object' || ref.kind === 'array') {
      if (!ref.rootSlot) addGarbage(m, ref);
      if (ref.kind === 'object' && !ref.dtorCalled && hasDestructor(ref)) flags.hasDestructors = true;
    }
    if (ref.kind !== 'string') {
      const k = gcChildren(ref, kids);
      for (let i = 0; i < k; i++) {
        const c = kids[i];
        c.rc++;
        if (c.color === 'white') {
          c.color = 'black';
          if (next) stack.push(c);
          else next = c;
        }
      }
    }
    ref = next ?? (stack.length > base ? stack.pop() : undefined);
  }
  return count;
}

/** gc_remove_nested_data_from_buffer: garbage reachable from an object whose destructor must run first. */
function removeNestedData(m: Machine, start: HeapNode, removed: Set<HeapNode> | null): number {
  let count = 0;
  let ref: HeapNode | undefined = start;
  let first = true;
  const base = stack.length;
  while (ref) {
    let descend = false;
    if (first) {
      first = false;
      count++;
      removed?.add(ref);
      descend = true;
    } else if (ref.rootSlot && ref.color === 'black' && ref.gcTag === 1) {
      removeFromBuffer(m, ref);
      count++;
      removed?.add(ref);
      descend = true;
    } else if (ref.kind === 'ref') {
      ref = isRefcounted(ref.val) ? ref.val : stack.length > base ? stack.pop() : undefined;
      continue;
    }
    let next: HeapNode | undefined;
    if (descend) {
      const k = gcChildren(ref, kids);
      for (let i = 0; i < k; i++) {
        if (next) stack.push(kids[i]);
        else next = kids[i];
      }
    }
    ref = next ?? (stack.length > base ? stack.pop() : undefined);
  }
  return count;
}

function recordPhase(m: Machine, phase: string, nodes: Iterable<HeapNode>, extra: Record<string, unknown> = {}) {
  if (!m.recorder) return;
  // The recorder keeps at most 2,000 colours per phase: stop gathering there.
  const colors: [number, Color][] = [];
  for (const n of nodes) {
    if (colors.length >= 2000) break;
    colors.push([n.id, n.color]);
  }
  m.recorder.gcPhase(m, phase, colors, extra);
}

/** zend_gc_collect_cycles. `reason` is only for the trace ("threshold" or "gc_collect_cycles"). */
export function collectCycles(m: Machine, reason: string): number {
  const gc = m.gc;
  let total = 0;
  let shouldRerun = false;
  let didRerun = false;
  for (;;) {
    if (!gc.numRoots || gc.active) break;
    gc.runs++;
    gc.active = true;
    // Colours for the trace are gathered only when a trace is being recorded.
    const seen: Set<HeapNode> | null = m.recorder ? new Set<HeapNode>() : null;
    const flags: RunFlags = { hasDestructors: false, counted: seen ? [] : null };
    m.recorder?.gcStart(m, reason, gc.runs);

    // Mark: grey from every purple root, subtracting internal references.
    for (let i = 1; i < gc.firstUnused; i++) {
      const r = gc.slots[i];
      if (r && r.gcTag === 0 && r.color === 'purple') {
        r.color = 'grey';
        markGrey(r, seen);
      }
    }
    if (seen) recordPhase(m, 'mark', seen);
    // Scan: what is still referenced from outside turns black again, the rest white.
    for (let i = 1; i < gc.firstUnused; i++) {
      const r = gc.slots[i];
      if (r && r.color === 'grey') {
        r.color = 'white';
        scan(r);
      }
    }
    if (seen) recordPhase(m, 'scan', seen);
    // Collect: drop black roots, compact, then gather the white subgraphs as garbage.
    for (let i = 1; i < gc.firstUnused; i++) {
      const r = gc.slots[i];
      if (r && r.gcTag === 0 && r.color === 'black') removeFromBuffer(m, r);
    }
    compact(m);
    let count = 0;
    const rootsEnd = gc.firstUnused;
    for (let i = 1; i < rootsEnd; i++) {
      const r = gc.slots[i]!;
      r.gcTag = 1;
      if (r.color === 'white') {
        r.color = 'black';
        count += collectWhite(m, r, flags);
      }
    }
    if (seen) {
      const g = listed(flags.counted!);
      recordPhase(m, 'collect', seen, { garbage: g.ids, count, ...(g.listed < count ? { listed: g.listed } : {}) });
    }
    if (!gc.numRoots) {
      gc.active = false;
      break;
    }
    const end = gc.firstUnused;
    // Values taken out of this run for their destructors (they no longer count as collected).
    const removed: Set<HeapNode> | null = seen ? new Set() : null;
    if (flags.hasDestructors) {
      // Objects with a pending destructor (and everything they reach) leave this run and become purple roots.
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 1 && p.kind === 'object' && !p.dtorCalled) {
          if (hasDestructor(p)) {
            p.gcTag = 2;
            p.color = 'purple';
          } else p.dtorCalled = true;
        }
      }
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 2) count -= removeNestedData(m, p, removed);
      }
      const pending: HeapNode[] = [];
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 2) pending.push(p);
      }
      if (seen) recordPhase(m, 'destructors', seen, { objects: pending.map((p) => p.id) });
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 2) {
          p.gcTag = 0;
          if (p.kind === 'object' && !p.dtorCalled) {
            p.dtorCalled = true;
            p.rc++;
            runDestructor(m, p);
            p.rc--;
          }
        }
      }
      shouldRerun = true;
    }
    // Destroy the garbage: objects lose their properties, arrays their elements.
    for (let i = 1; i < end; i++) {
      const p = gc.slots[i];
      if (!p || p.gcTag !== 1) continue;
      p.gcFreeing = true;
      if (p.kind === 'object') {
        const slot = p.rootSlot;
        p.rootSlot = 0; // freeObject must not unlink it: the loop below does
        freeObject(m, p);
        p.rootSlot = slot;
      } else if (p.kind === 'array') {
        p.dead = true;
        for (const s of p.ht.values()) release(m, s, true);
      }
    }
    for (let i = 1; i < end; i++) {
      const p = gc.slots[i];
      if (!p || p.gcTag !== 1) continue;
      gc.slots[i] = null;
      gc.unused.push(i);
      gc.numRoots--;
      p.rootSlot = 0;
      p.gcTag = 0;
      p.dead = true;
      if (p.kind === 'array') freeMemory(m, p);
    }
    if (seen) {
      // Exactly the values `collected` counts for this run: objects, arrays, closures and the runtime strings that
      // died with them (reference wrappers are freed too but never counted).
      const f = listed(flags.counted!.filter((n) => !removed!.has(n)));
      recordPhase(m, 'free', [], { freed: f.ids, count, ...(f.listed < count ? { listed: f.listed } : {}) });
    }
    gc.collected += count;
    total += count;
    gc.active = false;
    compact(m);
    if (shouldRerun && !didRerun) {
      didRerun = true;
      continue;
    }
    break;
  }
  m.recorder?.gcEnd(m, total);
  return total;
}

export { destroy };
