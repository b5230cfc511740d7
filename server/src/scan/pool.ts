// Checks many files on worker threads: `memlens check` and the language server's workspace scan both come here.
// Each worker is handed a few files at a time (a small window keeps every thread busy without queueing a whole
// corpus into one of them); results come back in any order and are given to the caller with their index.
// Small inputs are checked on the calling thread, where starting workers would cost more than it saves.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileResult } from '../check';
import type { Settings } from '../config';
import { SCAN_WORKER_ROLE, checkFileSafely, type ScanReply, type ScanRequest, type ScanWorkerData } from './worker';

export interface PoolOptions {
  /** Worker threads to use; 0 or 1 checks on the calling thread. Default: one per core, at most 8. */
  threads?: number;
  /** Called once per file, in completion order. */
  onResult(index: number, path: string, result: FileResult): void;
  /** Checked between files; when true, no further file is started. */
  cancelled?(): boolean;
  /** Fewer files than this are checked on the calling thread. */
  minFilesForWorkers?: number;
  /** The worker script; tests point it at one that fails to start. */
  script?: string;
  /** Filled in as files are checked: how many came back from worker threads. */
  stats?: { fromWorkers: number };
}

/** Files each worker holds at once: enough to hide the message round trip, few enough to balance the tail. */
const WINDOW = 4;
/** When checking on the calling thread, yield to the event loop after this long so a server keeps answering. */
const SLICE_MS = 20;

export function defaultThreads(): number {
  const fromEnv = Number(process.env.MEMLENS_SCAN_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 0) return fromEnv;
  return Math.min(availableParallelism(), 8);
}

/** Checks every file; resolves with how many were checked (fewer when cancelled). */
export async function checkFiles(files: readonly string[], settings: Settings, options: PoolOptions): Promise<number> {
  const threads = Math.min(options.threads ?? defaultThreads(), files.length);
  if (threads <= 1 || files.length < (options.minFilesForWorkers ?? 48)) return checkHere(files, 0, settings, options);
  return checkOnWorkers(files, settings, threads, options);
}

async function checkHere(files: readonly string[], from: number, settings: Settings, options: PoolOptions, only?: number[]): Promise<number> {
  const indexes = only ?? files.map((_, i) => i).slice(from);
  let done = 0;
  let sliceStart = Date.now();
  for (const index of indexes) {
    if (options.cancelled?.()) break;
    options.onResult(index, files[index], checkFileSafely(files[index], settings));
    done++;
    if (Date.now() - sliceStart > SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      sliceStart = Date.now();
    }
  }
  return done;
}

/** The script a worker runs: the bundle this code is in (dist/cli.js, or cli.js beside dist/server.js), or the
 * TypeScript source when running under tsx (tests), whose loader a worker thread does not inherit. */
export function workerScript(): string {
  if (__filename.endsWith('.ts')) return join(__dirname, 'worker.ts');
  const cli = join(__dirname, 'cli.js');
  return existsSync(cli) ? cli : __filename;
}

function startWorker(script: string, workerData: ScanWorkerData): Worker {
  const options = { workerData, stdout: true, stderr: false };
  if (!script.endsWith('.ts')) return new Worker(script, options);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { ...options, eval: true });
}

function checkOnWorkers(files: readonly string[], settings: Settings, threads: number, options: PoolOptions): Promise<number> {
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    let live = 0;
    const orphaned: number[] = [];
    const workerData: ScanWorkerData = { role: SCAN_WORKER_ROLE, settings };
    const finish = async () => {
      // Files a dead worker held, or never got to, are checked here: a crash costs time, never results.
      for (; next < files.length; next++) orphaned.push(next);
      if (orphaned.length && !options.cancelled?.()) done += await checkHere(files, 0, settings, options, orphaned.sort((a, b) => a - b));
      resolve(done);
    };
    for (let t = 0; t < threads; t++) {
      let worker: Worker;
      try {
        worker = startWorker(options.script ?? workerScript(), workerData);
      } catch {
        continue; // fewer threads; if none starts, finish() checks everything here
      }
      worker.stdout.resume(); // a stray print in a worker must never reach the LSP channel on our stdout
      const held = new Set<number>();
      live++;
      const feed = () => {
        while (held.size < WINDOW && next < files.length && !options.cancelled?.()) {
          const index = next++;
          held.add(index);
          worker.postMessage({ index, path: files[index] } satisfies ScanRequest);
        }
        if (held.size === 0) void worker.terminate(); // no AST or heap outlives the scan
      };
      worker.on('message', ({ index, result }: ScanReply) => {
        if (!held.delete(index)) return;
        done++;
        if (options.stats) options.stats.fromWorkers++;
        options.onResult(index, files[index], result);
        feed();
      });
      worker.on('error', () => undefined); // followed by 'exit'; the held files are re-checked below
      worker.on('exit', () => {
        orphaned.push(...held);
        held.clear();
        if (--live === 0) void finish();
      });
      feed();
    }
    if (live === 0) void finish();
  });
}
