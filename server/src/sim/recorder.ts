// Records trace steps. Snapshots walk what is reachable from frames, statics and the root buffer; they are capped
// so that large programs stay cheap (the trace says when it was truncated).
import type { Machine } from './machine.js';
import { BASELINE_MEMORY } from './machine.js';
import type { GcRun, Trace, TraceNode, TraceStep, TraceValue } from './trace.js';
import { PFloat, isHeap, type HeapNode, type Slot } from './zval.js';

const MAX_STEPS = 5000;
const MAX_NODES = 2000;
/** Elements listed per array node in one step. */
const MAX_EDGES = 2000;
/** Heap-node records (and their edges) across all steps: long runs with big heaps stop recording steps here (the
 * trace says it was truncated) instead of building hundreds of megabytes that no renderer can use. */
const MAX_TOTAL_NODES = 300_000;

export interface Recorder {
  step(m: Machine): void;
  gcStart(m: Machine, reason: string, run: number): void;
  gcPhase(m: Machine, phase: string, colors: [number, any][], extra: Record<string, unknown>): void;
  gcEnd(m: Machine, collected: number): void;
  finish(m: Machine, phase: 'end'): void;
  trace(m: Machine): Trace;
}

export function newRecorder(opcache: boolean): Recorder {
  const steps: TraceStep[] = [];
  let pendingGc: GcRun[] = [];
  const runStack: GcRun[] = [];
  let truncated = false;
  let totalNodes = 0;

  function value(s: Slot | undefined, visit: (n: HeapNode) => void): TraceValue {
    if (s === undefined) return { t: 'undef' };
    if (s === null) return { t: 'null' };
    if (typeof s === 'boolean') return { t: 'bool', v: s };
    if (typeof s === 'number') return { t: 'int', v: s };
    if (s instanceof PFloat) return { t: 'float', v: s.v };
    if (typeof s === 'string') return { t: 'istring', v: s };
    if (s.kind === 'array' && s.immutable) return { t: 'iarray', count: s.ht.size };
    visit(s);
    return { t: 'ref', id: s.id };
  }

  function snapshot(m: Machine, phase?: TraceStep['phase']): TraceStep {
    const nodes = new Map<number, TraceNode>();
    const queue: HeapNode[] = [];
    const queued = new Set<HeapNode>();
    let head = 0;
    const visit = (n: HeapNode) => {
      if (queued.has(n)) return;
      if (queue.length < MAX_NODES) {
        queue.push(n);
        queued.add(n);
      } else truncated = true;
    };
    const frames = m.frames.map((f) => ({
      name: f.name,
      line: f.line,
      vars: [...f.vars.entries()].map(([name, s]) => ({ name, value: value(s, visit) })),
      ...(f.thisObj ? { thisId: (visit(f.thisObj), f.thisObj.id) } : {}),
    }));
    for (let i = 1; i < m.gc.firstUnused; i++) {
      const n = m.gc.slots[i];
      if (n) visit(n);
    }
    while (head < queue.length) {
      const n = queue[head++];
      if (nodes.has(n.id)) continue;
      const edges: TraceNode['edges'] = [];
      let label = '';
      switch (n.kind) {
        case 'string':
          label = n.s.length > 40 ? n.s.slice(0, 40) + '…' : n.s;
          break;
        case 'array':
          label = n.packed ? 'packed' : 'hash';
          for (const [k, s] of n.ht) {
            if (edges.length >= MAX_EDGES) {
              truncated = true;
              break;
            }
            edges.push({ key: k, value: value(s, visit) });
          }
          break;
        case 'ref':
          edges.push({ key: 'value', value: value(n.val, visit) });
          break;
        case 'object':
          label = n.closure ? 'Closure' : n.cls.name;
          for (const [k, s] of n.props) edges.push({ key: k, value: value(s, visit) });
          if (n.closure) {
            if (n.closure.thisObj) edges.push({ key: '$this', value: value(n.closure.thisObj, visit) });
            for (const [k, s] of n.closure.captured) edges.push({ key: '$' + k, value: value(s, visit) });
          }
          if (n.internal?.gcChildren) {
            (n.internal.gcChildren() as Slot[]).forEach((s, i) => edges.push({ key: i, value: value(s, visit) }));
          }
          break;
      }
      nodes.set(n.id, {
        id: n.id, kind: n.kind === 'ref' ? 'reference' : n.kind, refcount: n.rc, size: n.size + (n.kind === 'object' ? n.dynSize : 0),
        label, ...(n.kind === 'object' ? { handle: n.handle } : {}), color: n.rootSlot && n.gcTag === 0 ? 'purple' : n.color, edges,
      });
    }
    const roots: number[] = [];
    for (let i = 1; i < m.gc.firstUnused; i++) {
      const n = m.gc.slots[i];
      if (n) roots.push(n.id);
    }
    const st: TraceStep = {
      line: m.line, frames, heap: [...nodes.values()], roots, stdoutLength: m.stdoutLen, memory: BASELINE_MEMORY + m.memory,
      gcStatus: { runs: m.gc.runs, collected: m.gc.collected, threshold: m.gc.threshold, roots: m.gc.numRoots },
    };
    if (pendingGc.length) {
      st.gc = pendingGc;
      pendingGc = [];
    }
    if (phase) st.phase = phase;
    return st;
  }

  return {
    step(m) {
      if (steps.length >= MAX_STEPS || totalNodes >= MAX_TOTAL_NODES) {
        truncated = true;
        return;
      }
      const st = snapshot(m);
      // Edges count too: a big array kept alive over many steps would otherwise fill memory with its elements.
      for (const n of st.heap) totalNodes += 1 + n.edges.length;
      steps.push(st);
    },
    gcStart(_m, reason, run) {
      const r: GcRun = { reason, run, phases: [] };
      runStack.push(r);
      pendingGc.push(r);
    },
    gcPhase(_m, phase, colors, extra) {
      const r = runStack[runStack.length - 1];
      if (r && r.phases.length < 50) r.phases.push({ phase: phase as any, colors: colors.slice(0, MAX_NODES), ...extra });
    },
    gcEnd(_m, collected) {
      // One collectCycles call may contain two runs (destructor rerun); both get the call's total.
      while (runStack.length) {
        const r = runStack.pop()!;
        r.collected = collected;
      }
    },
    finish(m, phase) {
      steps.push(snapshot(m, phase));
    },
    trace(m) {
      return { version: 1, opcache, steps, stdout: m.stdout.join(''), truncated };
    },
  };
}

export { isHeap };
