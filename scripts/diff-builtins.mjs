#!/usr/bin/env node
// The simulator's built-ins beside real PHP 8.2 on edge arguments (0, -1, '', NAN, nested arrays...): each call run
// by both, in a script of its own, and every difference printed. A development tool, not a test: the simulator
// still converts arguments more loosely than PHP (no TypeError for an array given where a string is declared, a
// PHP_INT_MAX it cannot hold), so those are left out unless --types is given.
//   node scripts/diff-builtins.mjs [--types] FUNCTION...      e.g. node scripts/diff-builtins.mjs explode trim max
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = mkdtempSync(join(tmpdir(), 'memlens-diff-builtins-'));
buildSync({ entryPoints: [new URL('../server/src/sim/simulate.ts', import.meta.url).pathname], bundle: true, platform: 'node', outfile: join(dir, 'sim.cjs'), format: 'cjs', logLevel: 'error' });
const { simulate } = createRequire(import.meta.url)(join(dir, 'sim.cjs'));
const types = process.argv.includes('--types');
const fns = process.argv.slice(2).filter((a) => a !== '--types');
if (!fns.length) { console.error('usage: node scripts/diff-builtins.mjs [--types] FUNCTION...'); process.exit(2); }
const VALUES = ["0", "-1", "1", "2", "3", "''", "'a'", "'abc'", "'a,b,c'", "','", "[1, 2, 3]", "['a' => 1, 'b' => 2]", "[]", "null", "true", "false", "1.5", "-2.5", "'10'", "' 5'", "PHP_INT_MAX", "'0'", "[3, 1, 2]", "'1e3'", "NAN", "INF", "-0.0", "'\xc3\xa9'", "[[1], [2]]"];
// arity per function from real PHP reflection
const arity = JSON.parse(spawnSync('php', ['-r', `$o = []; foreach (${JSON.stringify(fns).replace(/"/g, "'")} as $f) { $r = new ReflectionFunction($f); $o[$f] = [$r->getNumberOfRequiredParameters(), $r->getNumberOfParameters(), $r->isVariadic()]; } echo json_encode($o);`], { encoding: 'utf8' }).stdout);
let diffs = 0, total = 0;
for (const fn of fns) {
  const [req, max] = arity[fn];
  const calls = [];
  const n = Math.min(max, 3);
  // all combos for 1 arg; sampled for 2-3
  const rnd = (i) => VALUES[(i * 7919 + fn.length * 31) % VALUES.length];
  for (let k = Math.max(req, 0); k <= n; k++) {
    if (k === 0) { calls.push([]); continue; }
    const count = k === 1 ? VALUES.length : 120;
    for (let i = 0; i < count; i++) {
      const args = [];
      for (let a = 0; a < k; a++) args.push(k === 1 ? VALUES[i] : VALUES[Math.floor(Math.abs(Math.sin(i * 13 + a * 101 + fn.length)) * 1e6) % VALUES.length]);
      calls.push(args);
    }
  }
  for (const args of calls) {
    const call = `${fn}(${args.join(', ')})`;
    const code = `<?php\nerror_reporting(0);\ntry { $r = ${call}; var_dump($r); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\\n"; }\n`;
    const file = join(dir, 'call.php');
    writeFileSync(file, code, 'latin1');
    const php = spawnSync('php', [file], { encoding: 'latin1' });
    let sim;
    try { const r = simulate(code, { trace: false }); if (r.exitCode === 3) continue; sim = r.stdout + (r.exitCode ? ` [exit ${r.exitCode} ${r.stderr.trim()} ${r.guard ?? ''}]` : ''); }
    catch (e) { sim = 'SIM THREW ' + e.message; }
    total++;
    if (sim !== php.stdout && (types || (!/^(TypeError|ArgumentCountError)/.test(php.stdout) && !/PHP_INT_MAX/.test(call)))) {
      diffs++;
      if (diffs <= 60) console.log(`${call}\n  php: ${JSON.stringify(php.stdout.slice(0, 200))}\n  sim: ${JSON.stringify(sim.slice(0, 200))}`);
    }
  }
}
console.log({ total, diffs });
