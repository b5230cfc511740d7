#!/usr/bin/env node
// Precision run of the memory.* rules over real PHP code (see corpora.mjs). Prints files, lines, parse failures,
// crashes and findings per 1,000 lines per corpus, and writes:
//   test/precision/summary.json  the figures, parse failures listed by file
//   test/precision/sample.json   up to 50 findings per rule, sampled with a fixed seed, with the code around them,
//                                which test/precision/review.md judges one by one
// Usage: node scripts/precision/run.mjs [wordpress symfony laravel mediawiki | roundcube] [--jobs N] [--seed N] [--out NAME]
import { fork } from 'node:child_process';
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { CORPORA, TUNING, phpFiles, missingCorpora, rng } from './corpora.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

if (process.argv[2] === '--worker') {
  // Started with `--import tsx` (see runAll), so the TypeScript sources load as they are.
  const { analyzeFile } = await import('./analyze.ts');
  process.on('message', (msg) => {
    if (msg === null) process.exit(0);
    const out = msg.map((path) => {
      const r = analyzeFile(path);
      return { ...r, findings: r.findings.map((f) => ({ rule: f.rule, start: f.start, end: f.end, message: f.message, severity: f.severity, fixes: f.fixes?.length ?? 0 })) };
    });
    process.send(out);
  });
} else {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt; };
  const jobs = opt('--jobs', Math.max(1, cpus().length));
  const seed = opt('--seed', 2026);
  // --out NAME writes summary-NAME.json / sample-NAME.json (e.g. the held-out corpus) instead of the main files.
  const outIndex = args.indexOf('--out');
  const suffix = outIndex >= 0 ? `-${args.splice(outIndex, 2)[1]}` : '';
  const names = args.length ? args : TUNING;
  const missing = missingCorpora(names);
  if (missing.length) {
    console.error(`missing corpora: ${missing.map((n) => CORPORA[n]).join(', ')} (apt-get install -y wordpress php-symfony php-laravel-framework mediawiki)`);
    process.exit(2);
  }
  const summary = { generated: new Date().toISOString(), corpora: {}, rules: {} };
  const all = [];
  const t0 = Date.now();
  for (const name of names) {
    const files = phpFiles(CORPORA[name]);
    const results = await runAll(files, jobs);
    const perRule = {};
    let lines = 0;
    const parseFailures = [];
    const crashes = [];
    for (const r of results) {
      lines += r.lines;
      if (r.parseError) parseFailures.push({ file: r.path, error: r.parseError });
      for (const c of r.crashes) crashes.push({ file: r.path, error: c });
      for (const f of r.findings) {
        perRule[f.rule] = (perRule[f.rule] ?? 0) + 1;
        all.push({ corpus: name, file: r.path, ...f });
      }
    }
    const total = Object.values(perRule).reduce((a, b) => a + b, 0);
    summary.corpora[name] = {
      files: files.length, lines, findings: total, perThousandLines: +(total / (lines / 1000)).toFixed(3),
      perRule, parseFailures: parseFailures.length, crashes: crashes.length, parseFailureList: parseFailures, crashList: crashes,
      seconds: +(results.reduce((a, r) => a + r.ms, 0) / 1000).toFixed(1),
    };
    console.log(`${name.padEnd(10)} files ${String(files.length).padStart(6)}  lines ${String(lines).padStart(8)}  findings ${String(total).padStart(5)}  per 1k lines ${(total / (lines / 1000)).toFixed(3)}  parse failures ${parseFailures.length}  crashes ${crashes.length}`);
    for (const [rule, n] of Object.entries(perRule).sort()) console.log(`    ${rule.padEnd(34)} ${n}`);
  }
  // Sample up to 50 findings per rule, reproducibly.
  const random = rng(seed);
  const byRule = {};
  for (const f of all) (byRule[f.rule] ??= []).push(f);
  const sample = [];
  for (const [rule, list] of Object.entries(byRule).sort()) {
    const pool = [...list];
    for (let i = pool.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [pool[i], pool[j]] = [pool[j], pool[i]]; }
    const picked = pool.slice(0, 50);
    summary.rules[rule] = { total: list.length, sampled: picked.length };
    for (const f of picked) sample.push({ ...f, ...context(f) });
  }
  mkdirSync(join(root, 'test/precision'), { recursive: true });
  writeFileSync(join(root, `test/precision/summary${suffix}.json`), JSON.stringify(summary, null, 1) + '\n');
  writeFileSync(join(root, `test/precision/sample${suffix}.json`), JSON.stringify(sample, null, 1) + '\n');
  console.log(`${all.length} findings, ${sample.length} sampled; ${((Date.now() - t0) / 1000).toFixed(0)} s wall`);
  const crashTotal = Object.values(summary.corpora).reduce((a, c) => a + c.crashes, 0);
  process.exit(crashTotal ? 1 : 0);
}

function context(f) {
  const text = readFileSync(f.file, 'utf8');
  const line = text.slice(0, f.start).split('\n').length;
  const lines = text.split('\n');
  const from = Math.max(0, line - 8);
  const to = Math.min(lines.length, line + 4);
  return { line, code: lines.slice(from, to).map((l, i) => `${String(from + i + 1).padStart(5)}${from + i + 1 === line ? '>' : ' '} ${l}`).join('\n') };
}

async function runAll(files, jobs) {
  const results = [];
  const batches = [];
  for (let i = 0; i < files.length; i += 20) batches.push(files.slice(i, i + 20));
  await Promise.all(Array.from({ length: Math.min(jobs, batches.length || 1) }, () => new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--worker'], { cwd: root, execArgv: ['--import', 'tsx', '--stack-size=4000'] });
    const next = () => {
      const batch = batches.shift();
      if (!batch) { child.send(null); return; }
      child.send(batch);
    };
    child.on('message', (out) => { results.push(...out); next(); });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
    next();
  })));
  return results.sort((a, b) => a.path.localeCompare(b.path));
}
