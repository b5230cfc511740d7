// The trace a simulation records, as the webview renders it. Everything here is plain JSON.
// Node ids are assigned at allocation and never reused, so the same id in two steps is the same PHP value and a
// renderer can animate it (refcount changes, colour changes, disappearance).

/** A value as shown in a frame or on an edge: a scalar inline, or a pointer to a heap node. */
export type TraceValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  /** An interned string (not refcounted). */
  | { t: 'istring'; v: string }
  /** An immutable array (opcache literal or the shared empty array): not refcounted. */
  | { t: 'iarray'; count: number }
  | { t: 'ref'; id: number }
  /** A variable that exists but holds nothing yet (IS_UNDEF). */
  | { t: 'undef' };

export interface TraceEdge {
  /** Array key (number or string) or property name. */
  key: string | number;
  value: TraceValue;
}

export interface TraceNode {
  id: number;
  kind: 'string' | 'array' | 'object' | 'reference';
  refcount: number;
  /** Bytes in Zend MM size classes. */
  size: number;
  /** object: class name (Closure for closures); array: 'packed' | 'hash'; string: its (truncated) text. */
  label: string;
  /** Object handle (#H) for objects. */
  handle?: number;
  /** GC colour; 'purple' means buffered as a possible root. */
  color: 'black' | 'white' | 'grey' | 'purple';
  /** Outgoing edges in order (elements, properties, captured variables, a reference's value). */
  edges: TraceEdge[];
  /** Set when a transport cap (the editor's panel) kept only the first edges: how many were left out. */
  edgesOmitted?: number;
}

export interface TraceFrameVar {
  name: string;
  value: TraceValue;
}

export interface TraceFrame {
  /** "{main}", a function name or Class::method. */
  name: string;
  line: number;
  vars: TraceFrameVar[];
  /** Heap id of $this, if any. */
  thisId?: number;
}

export interface GcPhase {
  /** mark: grey marking; scan: black/white; collect: garbage identified; destructors: objects pulled out for their
   * destructors; free: garbage freed. */
  phase: 'mark' | 'scan' | 'collect' | 'destructors' | 'free';
  /** Colours of every node the run touched, after the phase: [id, colour]. */
  colors: [number, 'black' | 'white' | 'grey' | 'purple'][];
  garbage?: number[];
  objects?: number[];
  /** free: the ids of exactly the values `count` counts (the values gc_status()'s `collected` adds up). */
  freed?: number[];
  count?: number;
  /** Present when the id list was capped (2,000 ids): how many are listed out of `count`. */
  listed?: number;
}

export interface GcRun {
  /** What started it: "threshold" (10,000 roots buffered) or "gc_collect_cycles". */
  reason: string;
  /** gc_status()['runs'] after this run started. */
  run: number;
  phases: GcPhase[];
  /** What this call returned / added to `collected` (set when the collector returns). */
  collected?: number;
}

export interface TraceStep {
  /** 1-based line of the statement about to run (or that ran, for the final step). */
  line: number;
  frames: TraceFrame[];
  /** Nodes reachable from the frames, globals, statics and the root buffer. */
  heap: TraceNode[];
  /** Root-buffer contents in slot order (heap ids). */
  roots: number[];
  /** Length of stdout so far (the full text is Trace.stdout). */
  stdoutLength: number;
  /** memory_get_usage() at this point. */
  memory: number;
  gcStatus: { runs: number; collected: number; threshold: number; roots: number };
  /** GC runs that happened since the previous step. */
  gc?: GcRun[];
  /** Set on the step recorded at script end. */
  phase?: 'shutdown' | 'end';
}

/** Placeholder arguments of a `--function` run (also on SimulationResult.placeholders): the parameter name
 * without `$` and the PHP expression passed for it. */
export interface TracePlaceholder {
  param: string;
  value: string;
}

export interface Trace {
  version: 1;
  opcache: boolean;
  steps: TraceStep[];
  stdout: string;
  /** True when steps were dropped or heap snapshots were capped: at most 5,000 steps, 2,000 heap nodes per step
   * and 300,000 heap-node records in all (a long run keeps its first steps plus the final one), and at most 2,000
   * colours per GC phase. stdout, gcStatus and memory stay exact either way. */
  truncated: boolean;
  /** Set for `--function NAME` runs: the arguments the simulator made up for the required parameters. */
  placeholders?: TracePlaceholder[];
}
