// dist/extension.js, the module VS Code loads on activation. It runs the client (dist/client.js) from a V8 code cache
// kept in the extension's global storage: compiling the client, almost all of it vscode-languageclient, is most of an
// activation (a CPU profile of the load: ~38 of ~60 ms; from the cache: ~9), and it is the same work every time.
// The cache is made once, after the first activation, and made again whenever V8 turns it down (another V8, other
// flags). Any trouble with it (unreadable, unwritable, corrupt) only costs the compile it would have saved.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as vscode from 'vscode';

/** What the client is told about its own load, for its log. */
export interface ClientLoad {
  ms: number;
  /** CPU time of the extension host's thread over the load (Node 23.9+), which other processes' load does not inflate. */
  cpuMs?: number;
  cache: CacheUse;
}

const threadCpuMs = (): number | undefined => {
  const usage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage?.();
  return usage && (usage.user + usage.system) / 1000;
};

export interface ClientModule {
  activate(context: vscode.ExtensionContext, load?: ClientLoad): Promise<void> | void;
  deactivate?(): Promise<void> | void;
}

/** How the last load went: the cache was used, was turned down by V8, or there was none. */
export type CacheUse = 'used' | 'rejected' | 'none';

export interface LoadedClient {
  client: ClientModule;
  cache: CacheUse;
  /** Writes the cache when this load did not use one; returns the file written, or undefined. Never throws. */
  saveCache(): string | undefined;
}

const CACHE_PREFIX = 'client-';
const CACHE_SUFFIX = '.v8cache';
// The wrapper sits on a line of its own so that the client's columns stay exact (the production client is a few
// very long lines): its stack traces and source map still point where they should.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';

/**
 * The cache file for this client, this V8 and this machine. V8 itself checks only the source's length, so the name
 * carries the file's size and modification time: a rebuilt or updated client never meets an old cache.
 */
export function cacheFileFor(clientFile: string, cacheDir: string): string {
  const st = statSync(clientFile);
  const key = `${st.size}-${Math.trunc(st.mtimeMs)}-${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, '_');
  return join(cacheDir, `${CACHE_PREFIX}${key}${CACHE_SUFFIX}`);
}

export function loadClient(clientFile: string, cacheDir: string | undefined): LoadedClient {
  const source = readFileSync(clientFile, 'utf8');
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (cacheDir) {
    try {
      cacheFile = cacheFileFor(clientFile, cacheDir);
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // no cache yet, or none can be had
    }
  }
  const script = new Script(`${WRAPPER_HEAD}${source}\n})`, { filename: clientFile, lineOffset: -1, cachedData });
  const cache: CacheUse = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as ClientModule };
  script.runInThisContext()(module.exports, createRequire(clientFile), module, clientFile, dirname(clientFile));
  return {
    client: module.exports,
    cache,
    saveCache: () => (cache === 'used' || !cacheFile ? undefined : writeCache(cacheFile, script.createCachedData())),
  };
}

function writeCache(file: string, data: Buffer): string | undefined {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file); // whole or not at all: another window may be reading it
    for (const name of readdirSync(dir)) {
      if (name.startsWith(CACHE_PREFIX) && name.endsWith(CACHE_SUFFIX) && join(dir, name) !== file) unlinkSync(join(dir, name));
    }
    return file;
  } catch {
    try {
      unlinkSync(tmp); // a disk that filled up mid-write leaves no partial file behind
    } catch {
      /* nothing was written */
    }
    return undefined;
  }
}

let loaded: LoadedClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const start = performance.now();
  const cpuStart = threadCpuMs();
  loaded = loadClient(join(__dirname, 'client.js'), context.globalStorageUri?.fsPath);
  const cpuEnd = threadCpuMs();
  const load: ClientLoad = { ms: performance.now() - start, cpuMs: cpuStart === undefined || cpuEnd === undefined ? undefined : cpuEnd - cpuStart, cache: loaded.cache };
  try {
    await loaded.client.activate(context, load);
  } finally {
    // After activation the cache holds what activating compiled, not only the top level.
    const toSave = loaded;
    setTimeout(() => toSave.saveCache(), 0);
  }
}

export async function deactivate(): Promise<void> {
  await loaded?.client.deactivate?.();
}
