// Reshapes the simulator's trace (server/src/sim/trace.ts) into what the panel draws (model.ts). No PHP semantics:
// every refcount, colour, size and figure comes from the simulator. What this adds is presentation: a collector run,
// recorded as phases between two statements, becomes one step per phase so it can be watched; consecutive heap
// snapshots are compared to say in words what a statement changed; a fresh array with the same elements as an
// array whose refcount just dropped by one is shown as the copy-on-write separation it is.
import type { Trace as SimTrace, TraceNode, TraceStep, TraceValue, GcRun } from '../../server/src/sim/trace';
import type { Entry, HeapNode, Step, Trace, Value } from './model';

export interface SimulationInfo {
  /** The snippet that was simulated. */
  source: string;
  /** Snippet line (index + 1) -> line in the editor's file; 0 for lines MemLens added (placeholders, stubs). */
  lineMap?: number[];
  title: string;
  notes: string[];
  stopped?: string;
}

const MAX_TEXT = 40;

function quote(s: string): string {
  const cut = s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
  return `'${cut.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

export function toValue(v: TraceValue): Value {
  switch (v.t) {
    case 'null': return { plain: 'null', type: 'null' };
    case 'bool': return { plain: v.v ? 'true' : 'false', type: 'bool' };
    case 'int': return { plain: String(v.v), type: 'int' };
    case 'float': return { plain: Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v), type: 'float' };
    case 'istring': return { plain: `${quote(v.v)} interned`, type: 'interned string' };
    case 'iarray': return { plain: v.count ? `array(${v.count}) immutable` : '[] immutable', type: 'immutable array' };
    case 'undef': return { plain: 'undefined', type: 'undefined' };
    case 'ref': return { node: v.id };
  }
}

export function nodeLabel(n: TraceNode): string {
  switch (n.kind) {
    case 'object': return n.label === 'Closure' ? `Closure #${n.handle ?? '?'}` : `${n.label} #${n.handle ?? '?'}`;
    // Arrays, strings and reference wrappers have no PHP-visible identity; "@id" tells two of them apart.
    case 'array': return `array(${n.edges.length})${n.label === 'hash' ? ' hash' : ''} @${n.id}`;
    case 'string': return `string @${n.id}`;
    case 'reference': return `reference @${n.id}`;
  }
}

function toNode(n: TraceNode, roots: Set<number>, color?: HeapNode['color']): HeapNode {
  const entries: Entry[] = n.edges.map((e) => ({ key: n.kind === 'array' && typeof e.key === 'string' ? `'${e.key}'` : String(e.key), value: toValue(e.value) }));
  return {
    id: n.id,
    kind: n.kind === 'reference' ? 'ref' : n.kind,
    label: nodeLabel(n),
    rc: n.refcount,
    size: n.size,
    color: color ?? n.color,
    buffered: roots.has(n.id),
    entries,
    ...(n.kind === 'string' ? { text: n.label } : {}),
  };
}

function frames(st: TraceStep): Step['frames'] {
  return st.frames.map((f) => ({
    name: f.name,
    line: f.line,
    vars: [
      ...(f.thisId !== undefined ? [{ key: 'this', value: { node: f.thisId } as Value }] : []),
      ...f.vars.filter((v) => v.value.t !== 'undef').map((v) => ({ key: v.name, value: toValue(v.value) })),
    ],
  }));
}

function heapOf(st: TraceStep, colors?: Map<number, HeapNode['color']>): HeapNode[] {
  const roots = new Set(st.roots);
  return st.heap.map((n) => toNode(n, roots, colors?.get(n.id) ?? (colors ? 'black' : undefined)));
}

/** "Line 7" in the editor's numbering, or what MemLens added. */
type LineName = (snippetLine: number) => string;

/** What a statement changed, from two snapshots. */
function describe(prev: TraceStep, cur: TraceStep, prevSource: string | undefined, lineName: LineName): { text: string; separated?: Step['separated'] } {
  const before = new Map(prev.heap.map((n) => [n.id, n]));
  const after = new Map(cur.heap.map((n) => [n.id, n]));
  const name = (n: TraceNode) => nodeLabel(n);
  const changes: string[] = [];
  let separated: Step['separated'];
  for (const n of cur.heap) {
    const old = before.get(n.id);
    if (!old) {
      changes.push(`new ${name(n)} (${n.size} B)`);
      if (n.kind === 'array' && !separated) {
        const keys = n.edges.map((e) => `${e.key}`).join('\u0000');
        for (const p of prev.heap) {
          const q = after.get(p.id);
          if (p.kind === 'array' && q && q.refcount === p.refcount - 1 && p.edges.map((e) => `${e.key}`).join('\u0000') === keys) {
            separated = { from: p.id, to: n.id };
            changes.push(`copy on write: ${name(n)} separated from the shared array`);
            break;
          }
        }
      }
    } else if (old.refcount !== n.refcount) {
      changes.push(`${name(n)} refcount ${old.refcount} → ${n.refcount}`);
    }
  }
  for (const n of prev.heap) if (!after.has(n.id)) changes.push(`${name(n)} freed`);
  const newRoots = cur.roots.filter((r) => !prev.roots.includes(r));
  for (const r of newRoots) {
    const n = after.get(r);
    if (n) changes.push(`${name(n)} becomes a possible root`);
  }
  if (cur.stdoutLength > prev.stdoutLength) changes.push('printed output');
  const shown = changes.slice(0, 5);
  if (changes.length > 5) shown.push(`${changes.length - 5} more changes`);
  const ran = prevSource ? `${lineName(prev.line)} ran (${prevSource.trim().slice(0, 60)})` : `${lineName(prev.line)} ran`;
  return { text: shown.length ? `${ran}: ${shown.join('; ')}` : `${ran}: no heap change`, separated };
}

function gcSteps(prev: TraceStep, runs: GcRun[], line: number): Step[] {
  const out: Step[] = [];
  const base = {
    line, ran: prev.line, frames: frames(prev), roots: prev.roots, memory: prev.memory, gc: prev.gcStatus,
  };
  for (const run of runs) {
    out.push({
      ...base, gc: { ...base.gc, runs: run.run },
      what: `GC run ${run.run} starts (${run.reason}): ${prev.roots.length} possible roots, shown purple`,
      heap: heapOf(prev), gcPhase: { run: run.run, phase: 'start', reason: run.reason },
    });
    for (const ph of run.phases) {
      const colors = new Map(ph.colors);
      const freedIds = ph.garbage ?? ph.freed ?? [];
      // Zend repaints garbage black while collecting it; on the graph it stays white (garbage) and struck out.
      for (const id of freedIds) colors.set(id, 'white');
      const phase = ph.phase === 'free' ? 'collect' : ph.phase;
      const label: Record<string, string> = {
        mark: 'mark: grey from each purple root, internal references subtracted',
        scan: 'scan: what something outside still holds turns black, the rest white',
        collect: `collect: ${freedIds.length} garbage values found`,
        destructors: `destructors first: ${(ph.objects ?? []).length} objects taken out of this run; the collector runs again`,
        free: `free: garbage released`,
      };
      // gc_status() as it reads once this phase is done: the run's count joins `collected` when garbage is found.
      const counted = ph.count !== undefined && (ph.phase === 'collect' || ph.phase === 'free');
      out.push({
        ...base, gc: { ...base.gc, runs: run.run, ...(counted ? { collected: base.gc.collected + ph.count!, roots: 0 } : {}) },
        what: `GC run ${run.run} ${label[ph.phase] ?? ph.phase}${ph.count !== undefined ? ` (count ${ph.count})` : ''}`,
        heap: heapOf(prev, colors),
        gcPhase: { run: run.run, phase, reason: run.reason, freed: freedIds, ...(ph.count !== undefined ? { collected: ph.count } : {}) },
      });
    }
  }
  return out;
}

export function adaptTrace(sim: SimTrace, info: SimulationInfo): Trace {
  const lines = info.source.split(/\r?\n/);
  const lineName: LineName = (l) => (info.lineMap ? (info.lineMap[l - 1] ? `Line ${info.lineMap[l - 1]}` : 'A line MemLens added') : `Line ${l}`);
  const steps: Step[] = [];
  sim.steps.forEach((st, i) => {
    const prev = sim.steps[i - 1];
    if (prev && st.gc?.length) steps.push(...gcSteps(prev, st.gc, st.line));
    const output = sim.stdout.slice(prev?.stdoutLength ?? 0, st.stdoutLength);
    const d = prev ? describe(prev, st, lines[prev.line - 1], lineName) : { text: `Before ${lineName(st.line).toLowerCase()} runs` };
    const lastRun = st.gc?.[st.gc.length - 1];
    steps.push({
      line: st.line,
      ...(prev ? { ran: prev.line } : {}),
      what: st.phase === 'end' ? `Script end. ${d.text}` : d.text,
      frames: frames(st),
      heap: heapOf(st),
      roots: st.roots,
      memory: st.memory,
      gc: st.gcStatus,
      ...(lastRun ? { gcPhase: { run: lastRun.run, phase: 'end' as const, reason: lastRun.reason, collected: lastRun.collected } } : {}),
      ...(d.separated ? { separated: d.separated } : {}),
      ...(output ? { output } : {}),
    });
  });
  const notes = [...info.notes];
  if (sim.truncated) notes.push('The trace was cut to keep it light: later steps or some heap values are not shown (the simulation itself ran to the end).');
  return {
    source: info.source,
    firstLine: info.lineMap?.find((l) => l > 0) ?? 1,
    ...(info.lineMap ? { lineMap: info.lineMap } : {}),
    title: info.title,
    notes,
    stdout: sim.stdout,
    ...(info.stopped ? { stopped: info.stopped } : {}),
    opcache: sim.opcache,
    steps,
  };
}
