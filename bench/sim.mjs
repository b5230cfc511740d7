#!/usr/bin/env node
// Simulator speed: simulated steps per second, and the 60,000-object threshold snippet timed in the simulator
// beside native php and PHP-in-WebAssembly in one run. Run: node --import tsx bench/sim.mjs
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../server/src/sim/simulate.ts';
import { verifyWithPhp } from '../server/src/verify/index.ts';

const THRESHOLD = `<?php
$keep = [];
for ($i = 0; $i < 60000; $i++) { $o = new stdClass; $o->self = $o; $p = new stdClass; $q = $p; unset($q); $keep[] = $p; }
print_r(gc_status());
`;
const LOOP = `<?php
$sum = 0; $a = [];
for ($i = 0; $i < 200000; $i++) { $sum += $i; $a[$i % 100] = $i; }
echo $sum, "\\n";
`;

const GENERATOR = `<?php
function numbers($n) { for ($i = 0; $i < $n; $i++) { yield $i; } }
$sum = 0;
foreach (numbers(100000) as $v) { $sum += $v; }
echo $sum, "\\n";
`;

function time(fn) {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}
/** Process CPU time (user + system) of a synchronous run: steadier than wall time on a loaded machine. */
function cpu(fn) {
  const c0 = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1000];
}
async function timeAsync(fn) {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

const dir = mkdtempSync(join(tmpdir(), 'memlens-bench-'));
const file = join(dir, 'threshold.php');
writeFileSync(file, THRESHOLD);

const [loopRes, loopMs] = time(() => simulate(LOOP, { trace: false, maxSteps: 1e8 }));
const [loopTraceRes, loopTraceMs] = time(() => simulate(LOOP.replace('200000', '2000'), { trace: true }));
const [genRes, genMs] = time(() => simulate(GENERATOR, { trace: false, maxSteps: 1e8 }));
const [simRes, simMs] = time(() => simulate(THRESHOLD, { trace: false, maxSteps: 1e8 }));
const [, simCpuMs] = cpu(() => simulate(THRESHOLD, { trace: false, maxSteps: 1e8 }));
const [tracedRes, tracedCpuMs] = cpu(() => simulate(THRESHOLD, { trace: true, maxSteps: 1e8 }));
const tracedNodes = tracedRes.trace.steps.reduce((n, st) => n + st.heap.length, 0);
const [, nativeMs] = time(() => spawnSync('php', [file], { encoding: 'utf8' }));
const native = spawnSync('php', [file], { encoding: 'utf8' }).stdout;
await verifyWithPhp('<?php echo 1;'); // warm the module loader
const [wasmRes, wasmMs] = await timeAsync(() => verifyWithPhp(THRESHOLD, { timeoutMs: 120000 }));

const stepsPerSec = (600000 / (loopMs / 1000)) | 0;
console.log(`| measure | value |\n|---|---|`);
console.log(`| loop of 200,000 iterations (600,001 statements), simulated, no trace | ${loopMs.toFixed(0)} ms (${stepsPerSec.toLocaleString()} steps/s) |`);
console.log(`| loop of 2,000 iterations with full trace | ${loopTraceMs.toFixed(0)} ms (${loopTraceRes.trace.steps.length} recorded steps) |`);
// Each value: the for loop's step, the yield statement, foreach's assignment and its body (about 4 steps).
console.log(`| foreach over a 100,000-value generator, no trace | ${genMs.toFixed(0)} ms (${((genRes.stdout === '4999950000\n') ? 'output right' : 'OUTPUT WRONG')}) |`);
console.log('');
console.log(`| 60,000-object threshold snippet | time | ratio to native | output equals native |`);
console.log(`|---|---|---|---|`);
console.log(`| native php 8.2 (process incl. startup) | ${nativeMs.toFixed(0)} ms | 1.0 | - |`);
console.log(`| simulator | ${simMs.toFixed(0)} ms (CPU ${simCpuMs.toFixed(0)} ms) | ${(simMs / nativeMs).toFixed(1)} | ${simRes.stdout === native} |`);
console.log(`| simulator recording the trace | CPU ${tracedCpuMs.toFixed(0)} ms (${tracedRes.trace.steps.length} steps, ${tracedNodes.toLocaleString()} heap-node records, truncated ${tracedRes.trace.truncated}) | - | ${tracedRes.stdout === native} |`);
console.log(`| PHP in WebAssembly (fresh runtime) | ${wasmMs.toFixed(0)} ms | ${(wasmMs / nativeMs).toFixed(1)} | ${wasmRes.stdout === native} |`);
