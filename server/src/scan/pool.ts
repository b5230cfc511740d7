// Checks many files on worker threads or child processes: `memlens check` and the language server's workspace scan
// both come here. The server scans in child processes: when the scan ends they exit and give back every page they
// touched, where a thread's heap stays in the server's resident memory (glibc keeps freed arenas).
// Each worker is handed a few files at a time (a small window keeps every thread busy without queueing a whole
// corpus into one of them); results come back in any order and are given to the caller with their index.
// Small inputs are checked on the calling thread, where starting workers would cost more than it saves.
import { Worker } from 'node:worker_threads';
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileResult } from '../check';
import type { Settings } from '../config';
import type { ScanCache } from './cache';
import { SCAN_CHILD_ENV, SCAN_WORKER_ROLE, checkFileSafely, type ScanReply, type ScanRequest, type ScanWorkerData } from './worker';

export interface PoolOptions {
  /** Workers to use; 0 checks on the calling thread, and so does 1 unless they are processes. Default: one per
   * core, at most 8. */
  threads?: number;
  /** Workers are child processes rather than threads. */
  processes?: boolean;
  /** Called once per file, in completion order. */
  onResult(index: number, path: string, result: FileResult): void;
  /** Checked between files; when true, no further file is started. */
  cancelled?(): boolean;
  /** Fewer files than this are checked on the calling thread. */
  minFilesForWorkers?: number;
  /** The worker script; tests point it at one that fails to start. */
  script?: string;
  /** Filled in as files are checked: how many came back from workers. */
  stats?: { fromWorkers: number };
  /** Results of earlier scans: a file as it was then is not checked again, and every file checked is kept. */
  cache?: ScanCache;
}

/** Files each worker holds at once: enough to hide the message round trip, few enough to balance the tail. */
export const WINDOW = 4;
/** When checking on the calling thread, yield to the event loop after this long so a server keeps answering. */
const SLICE_MS = 20;

export function defaultThreads(): number {
  const fromEnv = Number(process.env.MEMLENS_SCAN_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 0) return fromEnv;
  return Math.min(availableParallelism(), 8);
}

/** Checks every file; resolves with how many were checked or found in the cache (fewer when cancelled). */
export async function checkFiles(files: readonly string[], settings: Settings, options: PoolOptions): Promise<number> {
  const { cache } = options;
  if (!cache) return checkUncached(files, settings, options);
  const missed: number[] = [];
  files.forEach((path, index) => {
    const kept = cache.lookup(path);
    if (kept) options.onResult(index, path, kept);
    else missed.push(index);
  });
  const checked = await checkUncached(missed.map((index) => files[index]), settings, {
    ...options,
    onResult: (at, path, result) => {
      cache.store(path, result);
      options.onResult(missed[at], path, result);
    },
  });
  return files.length - missed.length + checked;
}

async function checkUncached(files: readonly string[], settings: Settings, options: PoolOptions): Promise<number> {
  const threads = Math.min(options.threads ?? defaultThreads(), files.length);
  // One thread beside this one buys nothing for the CLI; one child process is the server's way to keep a scan's
  // heap out of its own.
  const onWorkers = threads > 1 || (threads === 1 && options.processes);
  if (!onWorkers || files.length < (options.minFilesForWorkers ?? 48)) return checkHere(files, 0, settings, options);
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

/** A worker as the pool sees it, whether a thread or a child process. */
interface ScanPeer {
  send(request: ScanRequest): void;
  onReply(handler: (reply: ScanReply) => void): void;
  /** Called once when the worker is gone, whatever the reason. */
  onExit(handler: () => void): void;
  stop(): void;
}

function startThread(script: string, workerData: ScanWorkerData): ScanPeer {
  const options = { workerData, stdout: true, stderr: false };
  const worker = script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { ...options, eval: true })
    : new Worker(script, options);
  worker.stdout.resume(); // a stray print in a worker must never reach the LSP channel on our stdout
  worker.on('error', () => undefined); // followed by 'exit'
  return {
    send: (request) => worker.postMessage(request),
    onReply: (handler) => worker.on('message', handler),
    onExit: (handler) => worker.on('exit', handler),
    stop: () => void worker.terminate(),
  };
}

function startProcess(script: string, workerData: ScanWorkerData): ScanPeer {
  const child = fork(script, [], {
    // Under tsx (tests) the child needs the TypeScript loader too.
    execArgv: script.endsWith('.ts') ? ['--import', 'tsx'] : [],
    env: { ...process.env, [SCAN_CHILD_ENV]: JSON.stringify(workerData) },
    // stdout ignored: a stray print must never reach the LSP channel on our stdout.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  child.on('error', () => undefined); // a failed spawn is followed by 'exit' or 'close'
  let gone = false;
  return {
    send: (request) => { if (child.connected) child.send(request); },
    onReply: (handler) => child.on('message', handler as (m: unknown) => void),
    onExit: (handler) => {
      const once = () => { if (!gone) { gone = true; handler(); } };
      child.on('exit', once);
      child.on('close', once);
    },
    stop: () => void child.kill(),
  };
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
      let worker: ScanPeer;
      try {
        worker = (options.processes ? startProcess : startThread)(options.script ?? workerScript(), workerData);
      } catch {
        continue; // fewer workers; if none starts, finish() checks everything here
      }
      const held = new Set<number>();
      live++;
      const feed = () => {
        while (held.size < WINDOW && next < files.length && !options.cancelled?.()) {
          const index = next++;
          held.add(index);
          worker.send({ index, path: files[index] });
        }
        if (held.size === 0) worker.stop(); // no AST or heap outlives the scan
      };
      worker.onReply(({ index, result }) => {
        if (!held.delete(index)) return;
        done++;
        if (options.stats) options.stats.fromWorkers++;
        options.onResult(index, files[index], result);
        feed();
      });
      worker.onExit(() => {
        // The held files are re-checked below: a crash costs time, never results.
        orphaned.push(...held);
        held.clear();
        if (--live === 0) void finish();
      });
      feed();
    }
    if (live === 0) void finish();
  });
}
