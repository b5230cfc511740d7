// The worker side of the scan pool: a thread that checks the files it is handed, one message per file. It runs
// from the same bundle as the CLI (dist/cli.js), switched on by its workerData, so the package ships no extra file.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileResult } from '../check';
import type { Settings } from '../config';

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

function serve(): void {
  const { settings } = workerData as ScanWorkerData;
  parentPort!.on('message', ({ index, path }: ScanRequest) => {
    parentPort!.postMessage({ index, result: checkFileSafely(path, settings) } satisfies ScanReply);
  });
}

if (isScanWorker()) serve();
