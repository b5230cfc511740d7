#!/usr/bin/env node
// Quick-fix safety at scale: applies every fix the memory.* rules offer on the corpora, one fix at a time, and checks
// that (1) the result parses, (2) the finding is gone (no finding of that rule starting where it started, shifted by
// the edit), (3) no text outside the edits changed. Prints counts per rule; writes test/precision/fixes.json.
// Usage: node scripts/precision/fixes.mjs [wordpress symfony laravel mediawiki | DIR ...] [--jobs N]
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { CORPORA, TUNING, phpFiles, missingCorpora } from './corpora.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

if (process.argv[2] === '--worker') {
  const { checkFixes } = await import('./fixcheck.ts');
  process.on('message', (msg) => {
    if (msg === null) process.exit(0);
    process.send(msg.flatMap((path) => checkFixes(path)));
  });
} else {
  const args = process.argv.slice(2);
  const i = args.indexOf('--jobs');
  const jobs = i >= 0 ? Number(args.splice(i, 2)[1]) : Math.max(1, cpus().length);
  // Corpus names, or directories (e.g. test/fixtures examples/memory, where every memory rule has findings).
  const names = args.length ? args : TUNING;
  const missing = missingCorpora(names.filter((n) => CORPORA[n]));
  if (missing.length) { console.error(`missing corpora: ${missing.join(', ')}`); process.exit(2); }
  const files = names.flatMap((n) => phpFiles(CORPORA[n] ?? n));
  const out = args.length && !args.every((n) => CORPORA[n]) ? 'fixes-local.json' : 'fixes.json';
  const results = [];
  const batches = [];
  for (let k = 0; k < files.length; k += 25) batches.push(files.slice(k, k + 25));
  await Promise.all(Array.from({ length: Math.min(jobs, batches.length || 1) }, () => new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--worker'], { cwd: root, execArgv: ['--import', 'tsx', '--stack-size=4000'] });
    const next = () => { const b = batches.shift(); child.send(b ?? null); };
    child.on('message', (out) => { results.push(...out); next(); });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
    next();
  })));
  const perRule = {};
  for (const r of results) {
    const s = (perRule[r.rule] ??= { applied: 0, parses: 0, gone: 0, untouchedOutside: 0, failures: [] });
    s.applied++;
    if (r.parses) s.parses++;
    if (r.gone) s.gone++;
    if (r.untouchedOutside) s.untouchedOutside++;
    if (!r.parses || !r.gone || !r.untouchedOutside) s.failures.push(r);
  }
  console.log('rule                               applied  parses  gone  outside-unchanged');
  for (const [rule, s] of Object.entries(perRule).sort()) {
    console.log(`${rule.padEnd(34)} ${String(s.applied).padStart(7)} ${String(s.parses).padStart(7)} ${String(s.gone).padStart(5)} ${String(s.untouchedOutside).padStart(18)}`);
    for (const f of s.failures.slice(0, 5)) console.log(`    FAIL ${f.file}:${f.line} ${f.problem}`);
  }
  writeFileSync(join(root, 'test/precision', out), JSON.stringify({ generated: new Date().toISOString(), perRule }, null, 1) + '\n');
  const bad = Object.values(perRule).some((s) => s.failures.length);
  process.exit(bad ? 1 : 0);
}
