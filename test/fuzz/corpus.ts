// Real PHP for mutation: Debian's WordPress and Symfony (DESIGN.md's corpora) and the simulator's oracle snippets.
// A missing corpus fails loudly with the command that installs it; it is never silently replaced by toy input.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CORPORA = [
  { name: 'wordpress', path: '/usr/share/wordpress', apt: 'wordpress' },
  { name: 'php-symfony', path: '/usr/share/php/Symfony', apt: 'php-symfony' },
];

const ROOT = join(__dirname, '..', '..');

export interface CorpusFile { path: string; text: string; }

function phpFilesUnder(dir: string, out: string[], seen: Set<string>): void {
  let entries: string[];
  try { entries = readdirSync(dir).sort(); } catch { return; }
  for (const name of entries) {
    const path = join(dir, name);
    let st;
    try { st = statSync(path); } catch { continue; } // dangling symlinks (Debian links into /etc)
    if (st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
      phpFilesUnder(path, out, seen);
    } else if (name.endsWith('.php')) out.push(path);
  }
}

/** Paths of every corpus PHP file, in a stable order, with their sizes. */
export function corpusPaths(): Array<{ path: string; size: number }> {
  const missing = CORPORA.filter((c) => !existsSync(c.path));
  if (missing.length) {
    throw new Error(`fuzz corpus missing: ${missing.map((c) => c.path).join(', ')}. Install it with: ` +
      `flock /tmp/memlens-apt.lock apt-get install -y ${missing.map((c) => c.apt).join(' ')}`);
  }
  const paths: string[] = [];
  for (const c of CORPORA) phpFilesUnder(c.path, paths, new Set());
  return paths.map((path) => ({ path, size: statSync(path).size }));
}

/** The simulator's oracle snippets: programs inside its supported subset, so mutations reach deep into it. */
export function simulatorSnippets(): CorpusFile[] {
  const dir = join(ROOT, 'test', 'oracle', 'snippets');
  if (!existsSync(dir)) throw new Error(`simulator snippets missing at ${dir}`);
  return readdirSync(dir).filter((n) => n.endsWith('.php')).sort().map((n) => ({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') }));
}

export function readCorpusFile(path: string): CorpusFile {
  return { path, text: readFileSync(path, 'utf8') };
}
