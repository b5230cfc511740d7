// The long fuzz run behind `npm run fuzz` (scripts/fuzz.mjs): rounds of supervised campaigns with consecutive
// seeds over the whole corpus (larger files too) until the round count or the time is used up. Prints the counts
// of each round and the total, writes failing inputs to test-artifacts/fuzz-long/, exits 1 when anything failed.
import { join } from 'node:path';
import { supervise } from './supervise';
import { summarize, type CampaignResult, type Failure } from './campaign';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const firstSeed = arg('seed', Date.now() % 1_000_000);
const rounds = arg('rounds', 10);
const minutes = arg('minutes', 30);
const scale = arg('scale', 5);
const deadline = Date.now() + minutes * 60_000;
const artifacts = join(__dirname, '..', '..', 'test-artifacts', 'fuzz-long');

async function main(): Promise<void> {
  const totals = { parse: 0, analysis: 0, fix: 0, incremental: 0, simulate: 0 };
  let compared = 0;
  let fixes = 0;
  const failures: Failure[] = [];
  const started = Date.now();
  let round = 0;
  for (; round < rounds && Date.now() < deadline; round++) {
    const seed = firstSeed + round * 1000;
    const r: CampaignResult = await supervise({
      seed, analysis: 80 * scale, pristine: 40 * scale, incremental: 40 * scale, simulate: 120 * scale, maxFileBytes: 250_000,
      artifacts, hangMs: 20_000, heapMb: 2048, log: (line) => { if (line.startsWith('FAIL')) console.log(`  ${line.slice(0, 400)}`); },
    });
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += r.cases[k];
    compared += r.compared;
    fixes += r.fixesApplied;
    failures.push(...r.failures);
    console.log(`round ${round + 1} seed ${seed}: ${JSON.stringify(r.cases)} compared ${r.compared} fixes ${r.fixesApplied} ` +
      `sim exits ${JSON.stringify(r.simExits)} slowest ms ${JSON.stringify(r.slowestMs)} failures ${r.failures.length}`);
  }
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`\n${round} rounds in ${((Date.now() - started) / 60_000).toFixed(1)} min: ${all} fuzz cases ${JSON.stringify(totals)}; ` +
    `${compared} incremental-vs-fresh comparisons; ${fixes} quick fixes applied; ${failures.length} failures`);
  if (failures.length) {
    console.log(`\ndistinct failures (inputs in ${artifacts}):\n${summarize(failures).join('\n')}`);
    process.exitCode = 1;
  }
}

void main();
