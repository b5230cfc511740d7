// The initial workspace scan: every file MemLens reads, analysed off the keystroke path in small slices so the
// server keeps answering, with progress. Results are diagnostics for files that are not open; no AST is kept.
import { relative } from 'node:path';
import { collectFiles, checkFile } from '../check';
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

export async function scanWorkspace(roots: string[], settings: Settings, exclude: (rel: string) => boolean, cb: ScanCallbacks): Promise<number> {
  const files: Array<{ path: string }> = [];
  for (const root of roots) {
    for (const path of collectFiles([root]).files) {
      const rel = relative(root, path).split('\\').join('/');
      if (!exclude(rel)) files.push({ path });
    }
  }
  let done = 0;
  let sliceStart = Date.now();
  for (const { path } of files) {
    if (cb.cancelled()) break;
    const result = checkFile(path, settings);
    cb.file(path, result.findings, result.notice ?? result.unreadable);
    done++;
    if (Date.now() - sliceStart > 20) {
      cb.progress(done, files.length, path);
      await new Promise((r) => setImmediate(r)); // let edits and requests in between slices
      sliceStart = Date.now();
    }
  }
  cb.progress(done, files.length, '');
  return done;
}
