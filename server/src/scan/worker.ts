// The worker side of the scan pool: a thread or a child process that checks the files it is handed, one message per
// file. It runs from the same bundle as the CLI (dist/cli.js), switched on by its workerData (a thread) or its
// environment (a child process), so the package ships no extra file.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileResult } from '../check';
import type { Settings } from '../config';
import { warmUpParser } from './warmup';

export const SCAN_WORKER_ROLE = 'memlens-scan';

export interface ScanWorkerData { role: typeof SCAN_WORKER_ROLE; settings: Settings; }
export interface ScanRequest { index: number; path: string; }
export interface ScanReply { index: number; result: FileResult; }

/** One file, never an exception: a failure inside MemLens becomes a notice on that file. */
export function checkFileSafely(path: string, settings: Settings): FileResult {
  try {
    return checkFile(path, settings);
  } catch (e: any) {
    return { findings: [], notice: `${path}: MemLens internal error, file not analysed (${String(e?.message ?? e).slice(0, 200)})` };
  }
}

export function isScanWorker(): boolean {
  return !isMainThread && (workerData as ScanWorkerData | undefined)?.role === SCAN_WORKER_ROLE;
}

/** A child process started by the pool gets its role and settings in the environment, and talks over IPC. */
export const SCAN_CHILD_ENV = 'MEMLENS_SCAN_CHILD';

export function isScanChild(): boolean {
  return isMainThread && typeof process.send === 'function' && process.env[SCAN_CHILD_ENV] !== undefined;
}

function serve(settings: Settings, listen: (on: (request: ScanRequest) => void) => void, reply: (r: ScanReply) => void): void {
  warmUpParser();
  listen(({ index, path }) => reply({ index, result: checkFileSafely(path, settings) }));
}

if (isScanWorker()) {
  serve((workerData as ScanWorkerData).settings, (on) => parentPort!.on('message', on), (r) => parentPort!.postMessage(r));
} else if (isScanChild()) {
  const settings = (JSON.parse(process.env[SCAN_CHILD_ENV]!) as ScanWorkerData).settings;
  serve(settings, (on) => process.on('message', on), (r) => process.send!(r));
}
