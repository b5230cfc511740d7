#!/usr/bin/env node
// Soak: hours of typing, compressed. The bundled server (dist/server.js, build first: `node esbuild.mjs`) gets
// 10,000 random keystroke edits to one large real file over LSP stdio, typed in bursts, plus open/close cycles of
// other files; every 1,000 edits it prints the server's RSS after a forced GC and the keystroke latency
// (didChange -> publishDiagnostics of that version) of the window. A table, no assertions (DESIGN.md's protocol).
//
//   node bench/soak.mjs [--file PATH] [--edits N] [--burst N] [--seed N] [--valid]
//
// By default the keystrokes are random (braces, quotes, comment openers...), so the file is often broken, as it is
// while someone types. --valid types only whole lines at line starts (comments, blank lines), so the file keeps
// parsing: the latency of the incremental path alone.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const FILE = arg('file', '/usr/share/wordpress/wp-includes/class-wp-xmlrpc-server.php');
const EDITS = Number(arg('edits', 10_000));
const BURST = Number(arg('burst', 8));
const WINDOW = 1000;
const VALID = process.argv.includes('--valid');
const VALID_LINES = ['\n', '// TODO\n', '        // keep\n'];
let seed = Number(arg('seed', 42));
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const server = join(ROOT, 'dist/server.js');
if (!existsSync(server)) {
  console.error(`${server} is missing: run \`node esbuild.mjs\` first`);
  process.exit(2);
}
if (!existsSync(FILE)) {
  console.error(`${FILE} is missing: flock /tmp/memlens-apt.lock apt-get install -y wordpress`);
  process.exit(2);
}

// ---- a minimal LSP client (this is a plain .mjs script; test/support/lspClient.ts is TypeScript) ----
// The server runs with --expose-gc and collects garbage on SIGUSR2, so RSS is measured after a full GC.
const child = spawn(process.execPath, ['--expose-gc', '--import', 'data:text/javascript,process.on("SIGUSR2",()=>globalThis.gc())', server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const waiters = [];
child.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.subarray(headerEnd + 4 + length);
    if (message.id !== undefined && message.method === undefined) {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    } else if (message.id !== undefined) {
      send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? message.params.items.map(() => ({})) : null });
    } else {
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].match(message)) waiters.splice(i, 1)[0].resolve(message);
    }
  }
});
function send(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}
const request = (method, params) => new Promise((r) => { const id = nextId++; pending.set(id, r); send({ jsonrpc: '2.0', id, method, params }); });
const notify = (method, params) => send({ jsonrpc: '2.0', method, params });
const published = (uri, version) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within 60 s`)), 60_000);
  waiters.push({ match: (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version), resolve: (m) => { clearTimeout(timer); resolve(m); } });
});

function rssMb() {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}
async function rssAfterGc() {
  for (let i = 0; i < 2; i++) {
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 300));
  }
  return rssMb();
}

// Offsets <-> positions for the client's copy of the text.
function position(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return { line, character: offset - lineStart };
}

const TYPED = ['$', 'x', ' ', '=', ';', '(', ')', '\n', '->', 'new stdClass', '[]', '$this->cache[] = $x;', '{', '}', "'", '/', '*'];

function otherFiles() {
  const dir = '/usr/share/wordpress/wp-includes';
  return readdirSync(dir).filter((n) => n.endsWith('.php')).sort().slice(0, 40).map((n) => join(dir, n)).filter((p) => statSync(p).size < 200_000);
}

const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };

async function main() {
  await request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
  notify('initialized', {});
  const uri = pathToFileURL(FILE).toString();
  let text = readFileSync(FILE, 'utf8');
  let version = 1;
  const t0 = performance.now();
  const first = published(uri, 1);
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version, text } });
  await first;
  console.log(`file: ${FILE} (${(text.length / 1024).toFixed(0)} KB), first analysis ${(performance.now() - t0).toFixed(0)} ms; ${VALID ? 'valid edits (whole lines)' : 'random keystrokes'}, bursts of ${BURST}`);
  const others = otherFiles();
  const baseline = await rssAfterGc();
  console.log(`RSS after GC at start: ${baseline.toFixed(1)} MB\n`);
  console.log('edits  | RSS after GC (MB) | latency p50 (ms) | p95 (ms) | max (ms) | open/close cycles');
  console.log('-------|-------------------|------------------|----------|----------|------------------');
  let latencies = [];
  let cycles = 0;
  const rows = [];
  // Edits cancel themselves out over time (an insertion later deleted) so the file stays the same size.
  const inserted = [];
  for (let done = 0; done < EDITS;) {
    const burst = Math.min(BURST, EDITS - done);
    let sentAt = 0;
    for (let b = 0; b < burst; b++) {
      let start;
      let end;
      let insert;
      if (inserted.length && random() < 0.45) {
        const k = inserted.splice(Math.floor(random() * inserted.length), 1)[0];
        start = k.at;
        end = k.at + k.text.length;
        insert = '';
        if (text.slice(start, end) !== k.text) { start = end = Math.floor(random() * text.length); insert = ' '; }
      } else if (VALID) {
        // A line start (never inside the `<?php` line).
        let at = text.indexOf('\n', Math.floor(random() * text.length)) + 1;
        if (at <= 0) at = text.indexOf('\n') + 1;
        start = end = at;
        insert = VALID_LINES[Math.floor(random() * VALID_LINES.length)];
        inserted.push({ at: start, text: insert });
      } else {
        start = end = Math.floor(random() * text.length);
        insert = TYPED[Math.floor(random() * TYPED.length)];
        inserted.push({ at: start, text: insert });
      }
      // Later recorded insertions shift with this edit.
      const delta = insert.length - (end - start);
      for (const k of inserted) if (k.at > start || (k.at === start && k.text !== insert)) k.at += delta;
      const range = { start: position(text, start), end: position(text, end) };
      text = text.slice(0, start) + insert + text.slice(end);
      version++;
      sentAt = performance.now();
      notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
      done++;
    }
    await published(uri, version);
    latencies.push(performance.now() - sentAt);
    if (done % 500 === 0) {
      // Open and close a few other files, as a user browsing the project does.
      for (let i = 0; i < 4; i++) {
        const path = others[(cycles * 4 + i) % others.length];
        const other = pathToFileURL(path).toString();
        const opened = published(other, 1);
        notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'php', version: 1, text: readFileSync(path, 'utf8') } });
        await opened;
        notify('textDocument/didClose', { textDocument: { uri: other } });
      }
      cycles++;
    }
    if (done % WINDOW === 0 || done === EDITS) {
      const rss = await rssAfterGc();
      const row = { edits: done, rss, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) };
      rows.push(row);
      console.log(`${String(done).padStart(6)} | ${rss.toFixed(1).padStart(17)} | ${row.p50.toFixed(1).padStart(16)} | ${row.p95.toFixed(1).padStart(8)} | ${row.max.toFixed(0).padStart(8)} | ${String(cycles * 4).padStart(16)}`);
      latencies = [];
    }
  }
  const last = rows[rows.length - 1];
  const firstRow = rows[0];
  console.log(`\nRSS growth after GC: ${(last.rss - baseline).toFixed(1)} MB from the start, ${(last.rss - firstRow.rss).toFixed(1)} MB from the first 1,000 edits (goal: under 20 MB)`);
  console.log(`latency p50 first window ${firstRow.p50.toFixed(1)} ms -> last window ${last.p50.toFixed(1)} ms; p95 ${firstRow.p95.toFixed(1)} -> ${last.p95.toFixed(1)} ms`);
  await request('shutdown', null);
  notify('exit', null);
  setTimeout(() => child.kill('SIGKILL'), 2000).unref();
}

main().catch((e) => {
  console.error(e);
  child.kill('SIGKILL');
  process.exit(1);
});
