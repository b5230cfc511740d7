// Messages shared by the client and the server beyond standard LSP. Kept tiny on purpose: the client holds no logic.
export const SETTINGS_SECTION = 'memlens';

export const Requests = {
  /** Simulate code with the GC simulator; params SimulateParams, result SimulateResult. */
  simulate: 'memlens/simulate',
  /** Run a simulated snippet in real PHP; params VerifyParams, result VerifyResult. Sent only after the user agreed. */
  verify: 'memlens/verify',
} as const;

export const Notifications = {
  /** The server could not use part of the configuration; the client shows it once. */
  configProblems: 'memlens/configProblems',
} as const;

export interface SimulateParams {
  uri: string;
  /** What to simulate: the whole file, a selection (offsets), a function/method by name (`f`, `Class::method`), or
   * whatever the cursor is in (the enclosing function or method, else the whole file). */
  target:
    | { kind: 'file' }
    | { kind: 'selection'; start: number; end: number }
    | { kind: 'function'; name: string }
    | { kind: 'cursor'; offset: number };
  opcache?: boolean;
}

export interface SimulateResult {
  /** The PHP that was simulated: the file, or a snippet MemLens built (declarations + the target + placeholders). */
  source: string;
  /** Snippet line (index + 1) -> 1-based line in the document; 0 for lines MemLens added. Absent: same as the file. */
  lineMap?: number[];
  title: string;
  /** Placeholder values, stubs and other assumptions, in words for the panel. */
  notes: string[];
  /** 0 ran, 2 unparsable, 3 outside the supported subset, 4 stopped by a guard (as `memlens simulate`). */
  exitCode: number;
  /** Why the run stopped early or could not start, with the line. */
  stopped?: string;
  stdout: string;
  stderr: string;
  /** The simulator's trace (server/src/sim/trace.ts), heap snapshots capped for transport. */
  trace: import('./sim/trace').Trace;
}

export interface VerifyParams {
  source: string;
  opcache?: boolean;
}

export interface VerifyResult {
  /** What real PHP printed (stdout). */
  real: string;
  /** "php at /usr/bin/php" or "PHP 8.2 in WebAssembly". */
  engine: string;
  /** Set when real PHP could not be run at all. */
  error?: string;
  /** Set when it ran but did not exit 0 (a fatal error, a timeout), with what it said. */
  note?: string;
}

export const Commands = {
  /** No arguments: the function/method at the cursor, the selection, or the file. From the code lens: a SimulateLensArgs. */
  simulate: 'memlens.simulateGC',
  restartServer: 'memlens.restartServer',
  showOutput: 'memlens.showOutput',
} as const;

/** What the "Simulate GC" code lens passes to Commands.simulate. */
export interface SimulateLensArgs {
  /** The document: a file path, or the URI for documents not on disk. */
  fileName: string;
  /** A function or method by name (the "Simulate GC" lens) ... */
  name?: string;
  /** ... or a range of the file (a worker loop's body, from the "Worker health" lens). */
  target?: { kind: 'selection'; start: number; end: number };
  /** The loop's per-iteration memory, simulated by the worker rules, drawn beside the trace. */
  growth?: { curve: number[]; iterations: number; bytesPerIteration: number } | null;
}
