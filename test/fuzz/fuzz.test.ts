// The bounded, seeded fuzz run of `npm test` (the long run is `npm run fuzz`). Every target must survive every
// input: no exception, no hang, no rule crash contained as an internal error, offsets inside the text, quick fixes
// that keep parsing code parsing, the incremental document agreeing with a fresh parse, the simulator returning
// within its guards, and each input within the per-file time budget. A failure prints its seed, case and source;
// its input is written to test-artifacts/fuzz/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { summarize } from './campaign';
import { supervise } from './supervise';

const SEED = Number(process.env.MEMLENS_FUZZ_SEED ?? 20261122);

test(`fuzz: parser, analysis, every rule, quick fixes, incremental document, simulator (seed ${SEED})`, { timeout: 300_000 }, async () => {
  const result = await supervise({
    seed: SEED, analysis: 60, pristine: 30, incremental: 30, simulate: 100, maxFileBytes: 40_000,
    artifacts: join(__dirname, '..', '..', 'test-artifacts', 'fuzz'), hangMs: 10_000, heapMb: 1536,
  });
  const total = Object.values(result.cases).reduce((a, b) => a + b, 0);
  console.log(`fuzz cases: ${JSON.stringify(result.cases)}; ${total} in all; ${result.compared} incremental comparisons on parsing text; ` +
    `${result.fixesApplied} quick fixes applied; simulator exits ${JSON.stringify(result.simExits)}; slowest ms ${JSON.stringify(result.slowestMs)}`);
  // The run must have reached each target, or a green result would mean nothing.
  assert.ok(result.cases.analysis >= 100 && result.cases.simulate >= 100 && result.cases.incremental >= 30, `every target ran: ${JSON.stringify(result.cases)}`);
  assert.ok(result.fixesApplied > 0, 'some quick fixes were applied and checked');
  assert.ok(result.compared > 0, 'some edit sequences ended in parsing text and were compared with a fresh parse');
  assert.ok((result.simExits['0'] ?? 0) > 0 && (result.simExits['4'] ?? 0) > 0, 'programs ran to the end and runaway ones hit a guard');
  assert.deepEqual(summarize(result.failures), [], `${result.failures.length} failing fuzz cases (inputs in test-artifacts/fuzz/)`);
});
