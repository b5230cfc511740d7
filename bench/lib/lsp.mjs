// Both language servers driven the same way through test/support/lspClient.ts: start, index or scan a folder, open
// a file, type into it, and watch memory from /proc.
import { tsImport } from 'tsx/esm/api';
import { mkdtempSync, rmSync } from 'node:fs';
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

/** Starts a server on `folder`; Intelephense gets a fresh storage folder so it indexes from scratch. */
export async function start(server, folder) {
  const storage = mkdtempSync(join(tmpdir(), 'memlens-bench-'));
  const client = new LspClient(server.command, server.args);
  const rootUri = folder ? pathToFileURL(folder).toString() : null;
  const started = performance.now();
  const init = { processId: process.pid, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null, capabilities: CAPABILITIES,
    initializationOptions: { storagePath: storage, globalStoragePath: storage, clearCache: true } };
  await client.request('initialize', init, 60000);
  client.notify('initialized', {});
  return { client, started, pid: client.process.pid, cleanup: () => rmSync(storage, { recursive: true, force: true }) };
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

/** Samples a process's memory until stopped; the peak is the kernel's high-water mark. */
export function sampler(pid) {
  let last = memoryOf(pid);
  const timer = setInterval(() => { const m = memoryOf(pid); if (Number.isFinite(m.rss)) last = m; }, 50);
  return { stop: () => { clearInterval(timer); return last; }, now: () => memoryOf(pid) };
}

export async function stop(session) {
  try { await Promise.race([session.client.shutdown(), new Promise((r) => setTimeout(r, 3000))]); } catch { /* killed below */ }
  session.client.kill();
  session.cleanup();
}

/**
 * Types `typed` one character at a time at `offset`, then deletes it again, waiting after each keystroke for the
 * server's next publishDiagnostics of the file: the latency a user sees, debounce included.
 */
export async function typeInto(client, uri, text, offset, typed, version0) {
  const before = text.slice(0, offset);
  const lineOf = (s) => s.split('\n').length - 1;
  const line = lineOf(before);
  const character = offset - (before.lastIndexOf('\n') + 1);
  const latencies = [];
  let version = version0;
  let timeouts = 0;
  const keystroke = async (change) => {
    version++;
    const waiting = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 15000);
    const t = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    try {
      await waiting;
      latencies.push(performance.now() - t);
    } catch {
      timeouts++;
    }
  };
  for (let i = 0; i < typed.length; i++) {
    await keystroke({ range: { start: { line, character: character + i }, end: { line, character: character + i } }, text: typed[i] });
  }
  for (let i = typed.length; i > 0; i--) {
    await keystroke({ range: { start: { line, character: character + i - 1 }, end: { line, character: character + i } }, text: '' });
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
