// The synchronous cycle collector of Zend/zend_gc.c (Bacon-Rajan): mark grey, scan, collect white; objects whose
// destructor has not run are pulled out of the run, their destructors run in buffer order, and the collector
// runs again at once. Traversal order follows Zend (first child next, the others stacked) because it decides the
// order garbage joins the buffer, hence destructor order and handle reuse.
import type { Machine } from './machine.js';
import { isRefcounted, type Color, type HeapNode, type Slot } from './zval.js';
import { addGarbage, compact, removeFromBuffer } from './rootBuffer.js';
import { destroy, freeObject, release } from './refcount.js';
import { freeMemory } from './alloc.js';

/** Refcounted children as the GC sees them (get_gc handlers), in order. */
export function gcChildren(n: HeapNode): HeapNode[] {
  const out: HeapNode[] = [];
  const push = (s: Slot | undefined) => {
    if (isRefcounted(s)) out.push(s);
  };
  switch (n.kind) {
    case 'array':
      for (const s of n.ht.values()) push(s);
      break;
    case 'ref':
      push(n.val);
      break;
    case 'object':
      if (n.closure) {
        push(n.closure.thisObj ?? undefined);
        for (const s of n.closure.captured.values()) push(s);
      }
      for (const s of n.props.values()) push(s);
      if (n.internal?.gcChildren) for (const s of n.internal.gcChildren() as Slot[]) push(s);
      break;
  }
  return out;
}

/** Zend's traversal shape: `visit` applies per-child effects and returns the children to descend into. */
function walk(start: HeapNode, visit: (n: HeapNode) => HeapNode[]): void {
  const stack: HeapNode[] = [];
  let ref: HeapNode | undefined = start;
  while (ref) {
    const next = visit(ref);
    if (next.length) {
      ref = next[0];
      for (let i = 1; i < next.length; i++) stack.push(next[i]);
    } else ref = stack.pop();
  }
}

function markGrey(start: HeapNode, seen: Set<HeapNode>): void {
  walk(start, (n) => {
    seen.add(n);
    const next: HeapNode[] = [];
    for (const c of gcChildren(n)) {
      c.rc--;
      if (c.color !== 'grey') {
        c.color = 'grey';
        next.push(c);
      }
    }
    return next;
  });
}

function scanBlack(start: HeapNode): void {
  walk(start, (n) => {
    const next: HeapNode[] = [];
    for (const c of gcChildren(n)) {
      c.rc++;
      if (c.color !== 'black') {
        c.color = 'black';
        next.push(c);
      }
    }
    return next;
  });
}

function scan(start: HeapNode): void {
  walk(start, (n) => {
    if (n.color !== 'white') return [];
    if (n.rc > 0) {
      n.color = 'black';
      scanBlack(n);
      return [];
    }
    const next: HeapNode[] = [];
    for (const c of gcChildren(n)) {
      if (c.color === 'grey') {
        c.color = 'white';
        next.push(c);
      }
    }
    return next;
  });
}

interface RunFlags {
  hasDestructors: boolean;
}

/** gc_collect_white: restore counts, add non-root garbage to the buffer, count all but reference wrappers. */
function collectWhite(m: Machine, start: HeapNode, flags: RunFlags): number {
  let count = 0;
  walk(start, (n) => {
    if (n.kind !== 'ref') count++;
    if (n.kind === 'object' || n.kind === 'array') {
      if (!n.rootSlot) addGarbage(m, n);
      if (n.kind === 'object' && !n.dtorCalled && n.cls.destructor) flags.hasDestructors = true;
    }
    if (n.kind === 'string') return [];
    const next: HeapNode[] = [];
    for (const c of gcChildren(n)) {
      c.rc++;
      if (c.color === 'white') {
        c.color = 'black';
        next.push(c);
      }
    }
    return next;
  });
  return count;
}

/** gc_remove_nested_data_from_buffer: garbage reachable from an object whose destructor must run first. */
function removeNestedData(m: Machine, start: HeapNode): number {
  let count = 0;
  let first = true;
  walk(start, (n) => {
    if (first) {
      first = false;
      count++;
    } else if (n.rootSlot && n.color === 'black' && n.gcTag === 1) {
      removeFromBuffer(m, n);
      count++;
    } else if (n.kind === 'ref') {
      return isRefcounted(n.val) ? [n.val] : [];
    } else return [];
    return gcChildren(n);
  });
  return count;
}

function slotRange(m: Machine, end: number): (HeapNode | null)[] {
  return m.gc.slots.slice(1, end);
}

function recordPhase(m: Machine, phase: string, nodes: Iterable<HeapNode>, extra: Record<string, unknown> = {}) {
  if (!m.recorder) return;
  const colors: [number, Color][] = [];
  for (const n of nodes) colors.push([n.id, n.color]);
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
    const seen = new Set<HeapNode>();
    const flags: RunFlags = { hasDestructors: false };
    m.recorder?.gcStart(m, reason, gc.runs);

    // Mark: grey from every purple root, subtracting internal references.
    for (let i = 1; i < gc.firstUnused; i++) {
      const r = gc.slots[i];
      if (r && r.gcTag === 0 && r.color === 'purple') {
        r.color = 'grey';
        markGrey(r, seen);
      }
    }
    recordPhase(m, 'mark', seen);
    // Scan: what is still referenced from outside turns black again, the rest white.
    for (let i = 1; i < gc.firstUnused; i++) {
      const r = gc.slots[i];
      if (r && r.color === 'grey') {
        r.color = 'white';
        scan(r);
      }
    }
    recordPhase(m, 'scan', seen);
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
    const garbageIds = slotRange(m, gc.firstUnused).filter((n) => n).map((n) => n!.id);
    recordPhase(m, 'collect', seen, { garbage: garbageIds, count });
    if (!gc.numRoots) {
      gc.active = false;
      break;
    }
    const end = gc.firstUnused;
    if (flags.hasDestructors) {
      // Objects with a pending destructor (and everything they reach) leave this run and become purple roots.
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 1 && p.kind === 'object' && !p.dtorCalled) {
          if (p.cls.destructor) {
            p.gcTag = 2;
            p.color = 'purple';
          } else p.dtorCalled = true;
        }
      }
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 2) count -= removeNestedData(m, p);
      }
      const pending: HeapNode[] = [];
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 2) pending.push(p);
      }
      recordPhase(m, 'destructors', seen, { objects: pending.map((p) => p.id) });
      for (let i = 1; i < end; i++) {
        const p = gc.slots[i];
        if (p && p.gcTag === 2) {
          p.gcTag = 0;
          if (p.kind === 'object' && !p.dtorCalled) {
            p.dtorCalled = true;
            p.rc++;
            m.callDestructor(m, p);
            p.rc--;
          }
        }
      }
      shouldRerun = true;
    }
    // Destroy the garbage: objects lose their properties, arrays their elements.
    const freed: HeapNode[] = [];
    for (let i = 1; i < end; i++) {
      const p = gc.slots[i];
      if (!p || p.gcTag !== 1) continue;
      freed.push(p);
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
    recordPhase(m, 'free', [], { freed: freed.map((p) => p.id), count });
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
