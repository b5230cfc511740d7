// `memlens check`: find the files, analyse each, and turn findings into FileFindings. Pure of process state so the
// server's workspace scan and benchmarks share it.
import { readFileSync, readdirSync, statSync, realpathSync, lstatSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { analyzeConfig, analyzeOnce, decode, languageOf, MAX_ANALYSED_BYTES, SKIPPED } from './core/analyze';
import { lineStarts, lineOf } from './rules/suppress';
import type { Finding } from './rules/types';
import type { Settings } from './config';
import type { FileFinding } from './report/formats';

const SKIP_DIRS: ReadonlySet<string> = new Set(['vendor', 'node_modules', '.git', '.svn', '.hg', '.idea', '.vscode']);

export interface Walked { files: string[]; problems: string[]; }

/** Expands paths into the files MemLens reads. vendor/ and node_modules/ are skipped unless named explicitly. */
export function collectFiles(paths: string[]): Walked {
  const files: string[] = [];
  const problems: string[] = [];
  const seenDirs = new Set<string>();
  const visit = (dir: string) => {
    let real: string;
    try { real = realpathSync.native(dir); } catch (e: any) { problems.push(`${dir}: ${reason(e)}`); return; }
    if (seenDirs.has(real)) return; // a symlink loop, or the same folder reached twice
    seenDirs.add(real);
    let entries: Dirent[];
    try { entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); } catch (e: any) { problems.push(`${dir}: ${reason(e)}`); return; }
    for (const entry of entries) {
      const name = entry.name;
      const path = join(dir, name);
      // The directory entry says what most entries are; only symlinks (and file systems that do not say) need a
      // stat. Statting every entry was half of a cached run over the four corpora, most of it on files MemLens
      // does not read.
      let what: { isDirectory(): boolean; isFile(): boolean } = entry;
      if (!entry.isDirectory() && !entry.isFile()) {
        try { what = statSync(path); } catch (e: any) {
          // A dangling symlink is not the user's input problem; anything else is.
          if (lstatSafe(path)?.isSymbolicLink()) continue;
          problems.push(`${path}: ${reason(e)}`);
          continue;
        }
      }
      if (what.isDirectory()) {
        if (!SKIP_DIRS.has(name)) visit(path);
      } else if (what.isFile() && languageOf(path)) files.push(path);
    }
  };
  for (const p of paths) {
    let stat;
    try { stat = statSync(p); } catch (e: any) { problems.push(`${p}: ${reason(e)}`); continue; }
    if (stat.isDirectory()) visit(p);
    else files.push(p); // named explicitly: read it whatever its name
  }
  return { files: [...new Set(files.map((f) => resolve(f)))].map((f) => relative(process.cwd(), f) || f), problems };
}

/** Whether collectFiles, walking a folder, lists the file at `rel` in it (`/`-separated): what the editor's file
 * watcher asks of a file that changed. */
export function listedInFolder(rel: string): boolean {
  return languageOf(rel) !== null && !rel.split('/').slice(0, -1).some((dir) => SKIP_DIRS.has(dir));
}

function lstatSafe(path: string) {
  try { return lstatSync(path); } catch { return null; }
}

export function reason(e: any): string {
  switch (e?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EISDIR': return 'is a directory';
    default: return String(e?.message ?? e);
  }
}

export interface FileResult { findings: FileFinding[]; notice?: string; unreadable?: string; }

export function checkFile(path: string, settings: Settings): FileResult {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_ANALYSED_BYTES) return { findings: [], notice: `${path}: skipped, ${(size / 1048576).toFixed(1)} MB is over the ${MAX_ANALYSED_BYTES / 1048576} MB limit` };
    bytes = readFileSync(path);
  } catch (e: any) {
    return { findings: [], unreadable: `${path}: ${reason(e)}` };
  }
  const { text, problem } = decode(bytes);
  if (problem && !text) return { findings: [], notice: `${path}: skipped, ${problem}` };
  const findings = checkText(path, text, settings);
  return { findings, ...(problem ? { notice: `${path}: ${problem}` } : {}) };
}

export function checkText(path: string, text: string, settings: Settings): FileFinding[] {
  const language = languageOf(path) ?? 'php';
  const findings: Finding[] = language === 'php'
    ? analyzeOnce(text, path, settings)
    : analyzeConfig({ language, text, fileName: path }, settings);
  return toFileFindings(path, text, findings.filter((f) => f.rule !== SKIPPED));
}

export function toFileFindings(file: string, text: string, findings: Finding[]): FileFinding[] {
  if (!findings.length) return [];
  const starts = lineStarts(text);
  const at = (offset: number) => {
    const line = lineOf(starts, offset);
    return { line: line + 1, column: offset - starts[line] + 1 };
  };
  return findings.map((f) => {
    const s = at(f.start);
    const e = at(f.end);
    return { file: file.split(sep).join('/'), line: s.line, column: s.column, endLine: e.line, endColumn: e.column, rule: f.rule, severity: f.severity, message: f.message };
  });
}
