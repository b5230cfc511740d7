// What the simulation panel draws, one snapshot per step. The panel holds no PHP semantics: every figure here was
// computed by the simulator (server/src/sim) and only reshaped by adapt.ts for drawing. Plain JSON, so the same data
// travels host -> webview through postMessage and survives getState/setState.

/** A value as a variable, element or property holds it. */
export type Value =
  /** A refcounted heap value (runtime string, mutable array, object, closure, reference wrapper). */
  | { node: number }
  /** Not refcounted: int, float, bool, null, interned strings, immutable arrays. `text` is PHP-ish display text. */
  | { plain: string; type: string };

export type GcColor = 'black' | 'white' | 'grey' | 'purple';

export interface Entry {
  /** Array key, property name or "value" for a reference wrapper's content. */
  key: string;
  value: Value;
}

export interface HeapNode {
  id: number;
  kind: 'object' | 'array' | 'string' | 'ref';
  /** Short title: `Node #1`, `array(3)`, `string(5)`, `reference`. */
  label: string;
  /** Refcount as debug_zval_dump counts it without its own argument; null when not refcounted (immutable). */
  rc: number | null;
  /** Bytes in Zend MM (size classes applied). */
  size: number;
  color: GcColor;
  /** Sitting in the possible-root buffer. */
  buffered: boolean;
  entries: Entry[];
  /** For strings: the text (already cut to a display length by the adapter). */
  text?: string;
}

export interface Frame {
  name: string;
  line: number;
  vars: Entry[];
}

export interface GcStatus {
  runs: number;
  collected: number;
  threshold: number;
  roots: number;
}

export interface GcPhase {
  /** Which collector run (gc_status()['runs'] numbering). */
  run: number;
  phase: 'start' | 'mark' | 'scan' | 'collect' | 'destructors' | 'end';
  /** Why it runs: "threshold" (10,000 roots) or "gc_collect_cycles". */
  reason?: string;
  /** Ids of the values freed by this run (shown struck through on the graph). */
  freed?: number[];
  /** The run's `collected` figure (every garbage value except reference wrappers). */
  collected?: number;
}

export interface Step {
  /** 1-based line in `Trace.source` of the statement about to run (highlighted, as a debugger does). */
  line: number;
  /** The line whose statement produced this state (shown as "just ran"). */
  ran?: number;
  /** What happened, in PHP developers' words: "$a = new Node()", "refcount of #2 drops to 1", ... */
  what: string;
  frames: Frame[];
  heap: HeapNode[];
  /** Buffered possible roots in buffer order (node ids). */
  roots: number[];
  /** memory_get_usage() as the simulation counts it (bytes). */
  memory: number;
  gc: GcStatus;
  gcPhase?: GcPhase;
  /** A copy-on-write separation at this step: `to` is the fresh copy of `from`. */
  separated?: { from: number; to: number };
  /** Output printed by this step, if any. */
  output?: string;
}

export interface Trace {
  /** The PHP source that was simulated (the extracted snippet). */
  source: string;
  /** Where the snippet starts in the editor's file (1-based), so the host can map step lines back. */
  firstLine: number;
  /** Snippet line (index + 1) -> line in the editor's file; 0 for lines MemLens added. Absent: identity. */
  lineMap?: number[];
  title: string;
  /** Placeholder values and other assumptions the simulation made; shown above everything else. */
  notes: string[];
  /** Everything printed, as `php FILE` would. */
  stdout: string;
  /** Why the simulation stopped early (guard, unsupported code), if it did. */
  stopped?: string;
  opcache: boolean;
  steps: Step[];
  /** Opened from a worker loop's lens: memory_get_usage() sampled over many simulated iterations of its body. */
  growth?: LoopGrowth;
}

export interface LoopGrowth {
  /** Bytes relative to the first sample, sampled evenly over the run. */
  curve: number[];
  iterations: number;
  bytesPerIteration: number;
}

/** Messages host -> webview. */
export type ToWebview =
  | { type: 'load'; trace: Trace; trusted: boolean; step?: number; restore?: PanelState['restore'] }
  | { type: 'error'; message: string }
  | { type: 'verifying' }
  | { type: 'verified'; real: string; simulated: string; engine: string; error?: string; note?: string }
  | { type: 'trust'; trusted: boolean };

/** Messages webview -> host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'step'; index: number; line: number }
  | { type: 'verify' }
  | { type: 'reveal'; line: number };

/** What the webview keeps through getState/setState (small on purpose: the host re-sends the trace). */
export interface PanelState {
  step: number;
  /** What the host needs to simulate again after VS Code restarts (the panel serializer). */
  restore?: { uri: string; target: unknown; opcache?: boolean };
}
