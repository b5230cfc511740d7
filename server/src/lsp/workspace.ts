// The initial workspace scan: every file MemLens reads, analysed on worker threads (scan/pool.ts, the same path as
// `memlens check`) so the server keeps answering, with progress. Results are diagnostics for files that are not
// open; no AST is kept, and the workers end with the scan.
import { isAbsolute, relative, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { collectFiles, listedInFolder } from '../check';
import { checkFiles } from '../scan/pool';
import type { ScanCache } from '../scan/cache';
import type { Settings } from '../config';
import type { FileFinding } from '../report/formats';

export interface ScanCallbacks {
  progress(done: number, total: number, file: string): void;
  file(path: string, findings: FileFinding[], notice?: string): void;
  cancelled(): boolean;
}

/** `files.exclude` globs (`**\/name`, `name`, `dir/**`, `*.ext`) as one matcher over workspace-relative paths. */
export function excludeMatcher(globs: Record<string, boolean>): (relPath: string) => boolean {
  const patterns = Object.entries(globs ?? {}).filter(([, on]) => on === true).map(([glob]) => globToRegExp(glob));
  return (rel) => patterns.some((re) => re.test(rel));
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) { re += '\\{'; continue; }
      re += '(' + glob.slice(i + 1, close).split(',').map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|') + ')';
      i = close;
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  // A pattern matches the path itself or anything below it.
  return new RegExp(`^${re}(/.*)?$`);
}

/** Threads for the editor's scan: every core but one, so typing stays answered while a cold workspace is read;
 * never fewer than one worker, so the server's own thread only forwards results. */
export function scanThreads(): number {
  const fromEnv = Number(process.env.MEMLENS_SCAN_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 0) return fromEnv;
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** `path` inside `root`, `/`-separated, or null when it is not inside. */
function inside(root: string, path: string): string | null {
  const rel = relative(root, path).split(sep).join('/');
  return rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? null : rel;
}

/** Whether the workspace scan reads `path` (a file changed on disk: is it one of ours?). */
export function inWorkspaceScan(roots: string[], exclude: (rel: string) => boolean, path: string): boolean {
  return roots.some((root) => {
    const rel = inside(root, path);
    return rel !== null && listedInFolder(rel) && !exclude(rel);
  });
}

/** `cache`: results kept from the last scan of this workspace (scan/cache.ts); files unchanged since are not read. */
export async function scanWorkspace(roots: string[], settings: Settings, exclude: (rel: string) => boolean, cb: ScanCallbacks, cache?: ScanCache): Promise<number> {
  const files: string[] = [];
  for (const root of roots) {
    for (const path of collectFiles([root]).files) {
      const rel = inside(root, path);
      if (rel === null || !exclude(rel)) files.push(path);
    }
  }
  return checkInBackground(files, settings, cb, cache);
}

/** Checks files off the server's thread, in child processes, with progress: the scan, and files changed on disk. */
export async function checkInBackground(files: string[], settings: Settings, cb: ScanCallbacks, cache?: ScanCache): Promise<number> {
  let done = 0;
  let lastReport = 0;
  cb.progress(0, files.length, '');
  const checked = await checkFiles(files, settings, {
    // One worker is still off the server's thread: a scan never delays a keystroke's diagnostics.
    threads: scanThreads(),
    // Child processes, not threads: when the scan ends they exit and the server's resident memory drops back to
    // its own (worker threads left ~80 MB of freed heap resident in the server after a WordPress scan).
    processes: true,
    minFilesForWorkers: 1,
    cancelled: cb.cancelled,
    cache,
    onResult: (_index, path, result) => {
      if (cb.cancelled()) return;
      cb.file(path, result.findings, result.notice ?? result.unreadable);
      done++;
      if (Date.now() - lastReport > 100) {
        cb.progress(done, files.length, path);
        lastReport = Date.now();
      }
    },
  });
  cb.progress(checked, files.length, '');
  return checked;
}
