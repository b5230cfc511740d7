// "Simulate GC" runs on a worker thread: a simulation can take seconds (up to its step guard), and the language
// server must keep answering keystrokes meanwhile. The worker is the server's own bundle, switched on by its
// workerData (as the scan pool does), so the package ships no extra file. A run past its time limit, or cancelled by
// the client, is ended by terminating the thread.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { SimulateParams, SimulateResult } from '../protocol';
import { runSimulation, type TargetDocument } from './simulate';

export const SIMULATE_WORKER_ROLE = 'memlens-simulate';
/** Wall-clock limit of one simulation request; the step guard normally ends a runaway loop long before. */
export const SIMULATE_TIMEOUT_MS = 30_000;

interface SimulateWorkerData {
  role: typeof SIMULATE_WORKER_ROLE;
  doc: TargetDocument;
  params: Pick<SimulateParams, 'target' | 'opcache'>;
  defaults: { opcache: boolean };
}

export interface Cancellable { isCancellationRequested: boolean; onCancellationRequested(listener: () => void): unknown; }

function stoppedResult(doc: TargetDocument, params: Pick<SimulateParams, 'opcache'>, why: string): SimulateResult {
  return {
    source: doc.text, title: doc.fileName, notes: [], exitCode: 4, stopped: why, stdout: '', stderr: '',
    trace: { version: 1, opcache: !!params.opcache, steps: [], stdout: '', truncated: false },
  };
}

/** Runs one simulation on a fresh worker thread; `script` is the file this module runs from (the bundle, or this
 * source file under tsx). */
export function simulateOnWorker(
  doc: TargetDocument, params: Pick<SimulateParams, 'target' | 'opcache'>, defaults: { opcache: boolean },
  token?: Cancellable, timeoutMs = SIMULATE_TIMEOUT_MS, script = __filename,
): Promise<SimulateResult> {
  return new Promise((resolve) => {
    const data: SimulateWorkerData = { role: SIMULATE_WORKER_ROLE, doc, params, defaults };
    const worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: data })
      : new Worker(script, { workerData: data });
    let settled = false;
    const finish = (result: SimulateResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish(stoppedResult(doc, params, `Stopped after ${timeoutMs / 1000} s: the simulation took too long.`)), timeoutMs);
    token?.onCancellationRequested(() => finish(stoppedResult(doc, params, 'Cancelled.')));
    worker.on('message', (result: SimulateResult) => finish(result));
    worker.on('error', (e) => finish(stoppedResult(doc, params, `The simulator failed (${String(e?.message ?? e).slice(0, 200)}). Please report it with the snippet.`)));
    worker.on('exit', () => finish(stoppedResult(doc, params, 'The simulator stopped unexpectedly.')));
  });
}

export function isSimulateWorker(): boolean {
  return !isMainThread && (workerData as SimulateWorkerData | undefined)?.role === SIMULATE_WORKER_ROLE;
}

if (isSimulateWorker()) {
  const { doc, params, defaults } = workerData as SimulateWorkerData;
  parentPort!.postMessage(runSimulation(doc, params, defaults));
}
