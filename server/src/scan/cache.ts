// Results of earlier scans, kept on disk so that a file nobody touched is not read again: `memlens check --cache`
// in CI, and the editor's scan when a workspace is opened again (the server keeps one per workspace, in the
// editor's workspace storage). A file counts as untouched when its size and modification time are those it had
// when it was checked, as ESLint's cache and git's index judge it.
//
// An entry is only as good as what produced it, so the whole cache belongs to one fingerprint: the MemLens build
// that checks files, the settings, and the folder paths are relative to. Any of them changed, the cache starts empty.
// Whatever is wrong with the file (missing, unreadable, corrupt, from another version) costs only the time it
// would have saved; a cache that cannot be written is reported by the caller and changes no result.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { reason, type FileResult } from '../check';
import type { Settings } from '../config';

/** The server's cache file, in the folder the editor gives it for the workspace. */
export const SCAN_CACHE_NAME = 'scan-cache.json';

/** Bumped when the file's layout changes. */
const FORMAT = 1;

/**
 * A file modified this close to the start of the scan may be modified again within the same timestamp and keep its
 * size: its result is not kept, and the next scan checks it again (git's "racily clean" entries, the same way).
 */
const RACY_MS = 2000;

interface Entry { size: number; mtimeMs: number; result: FileResult; }

/** Entries are kept by absolute path, in a record without a prototype. */
interface CacheFile { format: number; fingerprint: string; files: Record<string, Entry>; }

export interface ScanCache {
  /** The result kept for `path` when the file is as it was when that result was made. */
  lookup(path: string): FileResult | undefined;
  /** Keeps `result` for `path`, made from the file as `lookup` last saw it. */
  store(path: string, result: FileResult): void;
  /** How many lookups found a result. */
  readonly hits: number;
  /** Writes the cache whole (or not at all); returns why it could not, or null. */
  save(): string | null;
}

/** What the results depend on besides the files: the checking code (`checker`, the script the scan's workers
 * run: a rebuilt MemLens is another one), the settings, the folder paths start from. */
export function scanFingerprint(settings: Settings, checker: string): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\0${process.cwd()}\0${JSON.stringify(settings)}\0`);
  try {
    hash.update(readFileSync(checker));
  } catch {
    hash.update(`unreadable ${checker} ${Date.now()}`); // no fingerprint to trust: match nothing
  }
  return hash.digest('hex');
}

export function openScanCache(file: string, fingerprint: string): ScanCache {
  const now = Date.now();
  const loaded = readCacheFile(file, fingerprint);
  const files: Record<string, Entry> = loaded ?? Object.create(null);
  // What lookup saw of each file (by absolute path), so that store keeps the file the result was made from.
  const seen = new Map<string, { size: number; mtimeMs: number } | null>();
  let hits = 0;
  let changed = false;
  const forget = (at: string) => {
    if (files[at]) {
      delete files[at];
      changed = true;
    }
  };
  return {
    lookup(path) {
      const at = resolve(path);
      let stat = null;
      try {
        const st = statSync(at);
        stat = { size: st.size, mtimeMs: st.mtimeMs };
      } catch {
        // gone or unreadable: checking it says why
      }
      seen.set(at, stat);
      const entry = files[at];
      if (!stat || !entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs) return undefined;
      hits++;
      return entry.result;
    },
    store(path, result) {
      const at = resolve(path);
      const stat = seen.get(at);
      if (!stat || result.unreadable || stat.mtimeMs > now - RACY_MS) return forget(at);
      files[at] = { ...stat, result };
      changed = true;
    },
    get hits() {
      return hits;
    },
    save() {
      // Files this run did not look at stay (another run may check other folders), unless they are gone.
      for (const at of Object.keys(files)) if (!seen.has(at) && !existsSync(at)) forget(at);
      if (!changed && loaded) return null;
      return writeWhole(file, JSON.stringify({ format: FORMAT, fingerprint, files } satisfies CacheFile));
    },
  };
}

function readCacheFile(file: string, fingerprint: string): Record<string, Entry> | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed?.format !== FORMAT || parsed.fingerprint !== fingerprint || typeof parsed.files !== 'object' || !parsed.files) return null;
    const files: Record<string, Entry> = Object.create(null);
    for (const [path, entry] of Object.entries(parsed.files)) {
      if (typeof entry?.size === 'number' && typeof entry.mtimeMs === 'number' && Array.isArray(entry.result?.findings)) files[path] = entry;
    }
    return files;
  } catch {
    return null;
  }
}

function writeWhole(file: string, data: string): string | null {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file); // another scan reading it sees the old cache or the new one, never half of one
    return null;
  } catch (e: any) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    return reason(e);
  }
}
