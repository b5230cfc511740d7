// The possible-root buffer of Zend/zend_gc.c: slot reuse, the 10,000-root trigger and threshold adaptation.
import type { Machine } from './machine.js';
import type { HeapNode, ZArray, ZObject } from './zval.js';
import { collectCycles } from './collector.js';
import { destroy } from './refcount.js';

export const GC_THRESHOLD_DEFAULT = 10001;
export const GC_THRESHOLD_STEP = 10000;
export const GC_THRESHOLD_MAX = 1_000_000_000;
export const GC_THRESHOLD_TRIGGER = 100;

export function newGcState() {
  return {
    slots: [null] as (HeapNode | null)[], unused: [] as number[], firstUnused: 1, numRoots: 0,
    threshold: GC_THRESHOLD_DEFAULT, enabled: true, active: false, runs: 0, collected: 0,
  };
}

/** gc_possible_root: an array/object whose count dropped to a value above 0. */
export function possibleRoot(m: Machine, n: ZArray | ZObject): void {
  const gc = m.gc;
  let idx: number;
  if (gc.unused.length) idx = gc.unused.pop()!;
  else if (gc.firstUnused < gc.threshold) idx = gc.firstUnused++;
  else return possibleRootWhenFull(m, n);
  place(m, n, idx, 0);
}

function place(m: Machine, n: HeapNode, idx: number, tag: number): void {
  m.gc.slots[idx] = n;
  n.rootSlot = idx;
  n.gcTag = tag;
  n.color = tag === 0 ? 'purple' : 'black';
  m.gc.numRoots++;
}

function possibleRootWhenFull(m: Machine, n: ZArray | ZObject): void {
  const gc = m.gc;
  if (gc.enabled && !gc.active) {
    n.rc++;
    adjustThreshold(m, collectCycles(m, 'threshold'));
    if (--n.rc === 0) {
      destroy(m, n);
      return;
    }
    if (n.rootSlot) return;
  }
  const idx = gc.unused.length ? gc.unused.pop()! : gc.firstUnused++;
  place(m, n, idx, 0);
}

/** gc_add_garbage: nodes found white during a run join the buffer as garbage. */
export function addGarbage(m: Machine, n: HeapNode): void {
  const idx = m.gc.unused.length ? m.gc.unused.pop()! : m.gc.firstUnused++;
  place(m, n, idx, 1);
}

function adjustThreshold(m: Machine, count: number): void {
  const gc = m.gc;
  if (count < GC_THRESHOLD_TRIGGER || gc.numRoots >= gc.threshold) {
    if (gc.threshold < GC_THRESHOLD_MAX) gc.threshold = Math.min(GC_THRESHOLD_MAX, gc.threshold + GC_THRESHOLD_STEP);
  } else if (gc.threshold > GC_THRESHOLD_DEFAULT) {
    gc.threshold = Math.max(GC_THRESHOLD_DEFAULT, gc.threshold - GC_THRESHOLD_STEP);
  }
}

export function removeFromBuffer(m: Machine, n: HeapNode): void {
  const idx = n.rootSlot;
  if (!idx) return;
  m.gc.slots[idx] = null;
  m.gc.unused.push(idx);
  m.gc.numRoots--;
  n.rootSlot = 0;
  n.gcTag = 0;
  n.color = 'black';
}

/** gc_compact: move the last entries into holes so the buffer is dense again. */
export function compact(m: Machine): void {
  const gc = m.gc;
  if (gc.numRoots + 1 !== gc.firstUnused) {
    if (gc.numRoots) {
      let free = 1;
      let scan = gc.firstUnused - 1;
      const end = gc.numRoots;
      while (free <= end) {
        if (gc.slots[free] === null) {
          while (gc.slots[scan] === null) scan--;
          const p = gc.slots[scan]!;
          gc.slots[free] = p;
          gc.slots[scan] = null;
          p.rootSlot = free;
          free++;
          scan--;
          if (scan <= end) break;
        } else free++;
      }
    }
    gc.slots.length = gc.numRoots + 1;
    gc.unused = [];
    gc.firstUnused = gc.numRoots + 1;
  }
}

/** Buffered entries in slot order, for gc_status() and the trace. */
export function bufferedIds(m: Machine): number[] {
  const ids: number[] = [];
  for (let i = 1; i < m.gc.firstUnused; i++) {
    const n = m.gc.slots[i];
    if (n) ids.push(n.id);
  }
  return ids;
}
