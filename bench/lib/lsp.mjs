// Both language servers driven the same way through test/support/lspClient.ts: start, index or scan a folder, open
// a file, type into it, and watch memory from /proc.
import { tsImport } from 'tsx/esm/api';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memoryOf, percentile } from './measure.mjs';

const { LspClient } = await tsImport('../../test/support/lspClient.ts', import.meta.url);

export const SERVERS = {
  memlens: (root) => ({ name: 'MemLens', command: process.execPath, args: [join(root, 'dist/server.js'), '--stdio'] }),
  intelephense: (path) => ({ name: 'Intelephense', command: process.execPath, args: [path, '--stdio'] }),
};

const CAPABILITIES = {
  window: { workDoneProgress: true },
  workspace: { configuration: true, workspaceFolders: true },
  textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } },
};

/** Starts a server on `folder` with a fresh storage folder, so that both index or scan from scratch; `reopen`
 * gives a storage folder a previous start left (see keptStorage), as an editor reopening the folder does. */
export async function start(server, folder, reopen) {
  const storage = reopen ?? mkdtempSync(join(tmpdir(), 'memlens-bench-'));
  const client = new LspClient(server.command, server.args);
  const rootUri = folder ? pathToFileURL(folder).toString() : null;
  const started = performance.now();
  const init = { processId: process.pid, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null, capabilities: CAPABILITIES,
    initializationOptions: { storagePath: storage, globalStoragePath: storage, clearCache: !reopen } };
  await client.request('initialize', init, 60000);
  client.notify('initialized', {});
  return { client, started, pid: client.process.pid, cleanup: () => { if (!reopen) rmSync(storage, { recursive: true, force: true }); } };
}

/** A storage folder the caller removes: `start(server, folder, keptStorage())`, stop, then start again on it. */
export function keptStorage() {
  return mkdtempSync(join(tmpdir(), 'memlens-bench-kept-'));
}

/** Resolves when the server has read the whole folder: Intelephense logs "Indexing finished. N of N files indexed
 * in X s." (1.18 reports progress, not its older indexingEnded), MemLens ends its work-done progress. */
export async function indexed(server, client, timeoutMs) {
  if (server.name === 'Intelephense') {
    const m = await client.waitFor((n) => n.method === 'window/logMessage' && /Indexing finished/.test(n.params?.message ?? ''), timeoutMs, true);
    const [, files, seconds] = /(\d+) of \d+ files indexed in ([\d.]+) s/.exec(m.params.message) ?? [];
    return { files: Number(files), ownMs: Number(seconds) * 1000 };
  }
  await client.waitFor((m) => m.method === '$/progress' && m.params?.value?.kind === 'end', timeoutMs, true);
  return {};
}

/** Samples a process's memory until stopped; the peak is the kernel's high-water mark. `treePeak` is the largest
 * RSS seen summed over the process and its children (MemLens scans in child processes that end with the scan). */
export function sampler(pid) {
  let last = memoryOf(pid);
  let treePeak = last.rss;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (!Number.isFinite(m.rss)) return;
    last = m;
    treePeak = Math.max(treePeak, m.rss + childrenOf(pid).reduce((sum, c) => sum + (memoryOf(c).rss || 0), 0));
  }, 50);
  return { stop: () => { clearInterval(timer); return last; }, now: () => ({ ...memoryOf(pid), treePeak }) };
}

function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  } catch {
    return [];
  }
}

export async function stop(session) {
  try { await Promise.race([session.client.shutdown(), new Promise((r) => setTimeout(r, 3000))]); } catch { /* killed below */ }
  session.client.kill();
  session.cleanup();
}

/**
 * The keystrokes that type `typed` and then delete it again, as single-line edits {at, remove, insert} (columns
 * relative to where typing starts). With `autoClose`, as VS Code does by default: an opening quote or bracket
 * inserts its pair, typing the closing one over the pair only moves the cursor (no edit), and backspace between a
 * pair deletes both.
 */
export function keystrokes(typed, autoClose) {
  const PAIRS = { '(': ')', '[': ']', '{': '}', "'": "'", '"': '"' };
  const edits = [];
  let line = '';
  let cursor = 0;
  for (const c of typed) {
    if (autoClose && line[cursor] === c && Object.values(PAIRS).includes(c)) { cursor++; continue; }
    const insert = autoClose && PAIRS[c] ? c + PAIRS[c] : c;
    edits.push({ at: cursor, remove: 0, insert });
    line = line.slice(0, cursor) + insert + line.slice(cursor);
    cursor++;
  }
  while (cursor > 0) {
    const pair = autoClose && PAIRS[line[cursor - 1]] !== undefined && PAIRS[line[cursor - 1]] === line[cursor] ? 2 : 1;
    edits.push({ at: cursor - 1, remove: pair, insert: '' });
    line = line.slice(0, cursor - 1) + line.slice(cursor - 1 + pair);
    cursor--;
  }
  return edits;
}

/**
 * Applies the keystrokes at `offset` one at a time, waiting after each for the server's next publishDiagnostics of
 * the file: the latency a user sees, debounce included.
 */
export async function typeInto(client, uri, text, offset, edits, version0) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  const latencies = [];
  let version = version0;
  let timeouts = 0;
  for (const { at, remove, insert } of edits) {
    version++;
    const waiting = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 15000);
    const t = performance.now();
    const range = { start: { line, character: character + at }, end: { line, character: character + at + remove } };
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
    try {
      await waiting;
      latencies.push(performance.now() - t);
    } catch {
      timeouts++;
    }
  }
  return { latencies, timeouts, version, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) };
}

export async function open(client, uri, text) {
  const waiting = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 60000);
  const t = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version: 1, text } });
  await waiting;
  return performance.now() - t;
}
