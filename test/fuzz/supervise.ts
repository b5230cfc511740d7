// Runs a fuzz campaign in a worker thread under a watchdog. A case that runs longer than `hangMs` (an infinite loop
// in the parser, say) or exhausts the worker's heap is recorded as a failure with its input, the worker is
// replaced, and the campaign resumes after that case: one hang never hides the rest of the run.
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignOptions, CampaignResult, Failure } from './campaign';

export interface SuperviseOptions extends Omit<CampaignOptions, 'onCase' | 'resumeAfter'> {
  /** A case without a result after this long is a hang. */
  hangMs: number;
  /** Heap limit of the worker: an analysis that needs more is a failure, not a dead test runner. */
  heapMb: number;
}

function merge(into: CampaignResult, from: Omit<CampaignResult, 'failures'>): void {
  for (const k of Object.keys(from.cases) as Array<keyof CampaignResult['cases']>) into.cases[k] += from.cases[k];
  into.compared += from.compared;
  into.fixesApplied += from.fixesApplied;
  for (const [k, v] of Object.entries(from.simExits)) into.simExits[k] = (into.simExits[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.slowestMs)) into.slowestMs[k] = Math.max(into.slowestMs[k] ?? 0, v);
}

export async function supervise(o: SuperviseOptions): Promise<CampaignResult> {
  const { hangMs, heapMb, log, ...campaign } = o;
  const total: CampaignResult = { cases: { parse: 0, analysis: 0, fix: 0, incremental: 0, simulate: 0 }, compared: 0, fixesApplied: 0, simExits: {}, slowestMs: {}, failures: [] };
  let resumeAfter: string | undefined;
  for (;;) {
    const last: { counts: Omit<CampaignResult, 'failures'> | null } = { counts: null };
    const outcome = await new Promise<{ result?: CampaignResult; stuck?: { key: string; source: string; input: string; why: string } }>((resolve) => {
      const worker = new Worker(join(__dirname, 'worker.mjs'), {
        workerData: { ...campaign, resumeAfter },
        resourceLimits: { maxOldGenerationSizeMb: heapMb },
      });
      let current = { key: '', source: '', input: '', since: Date.now() };
      let settled = false;
      const finish = (value: Parameters<typeof resolve>[0]) => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        void worker.terminate();
        resolve(value);
      };
      const watchdog = setInterval(() => {
        if (current.key && Date.now() - current.since > hangMs) finish({ stuck: { ...current, why: `no result within ${hangMs} ms (hang)` } });
      }, 250);
      worker.on('message', (m: any) => {
        if (m.type === 'case') {
          current = { key: m.key, source: m.source, input: m.input, since: Date.now() };
          last.counts = m.counts;
        } else if (m.type === 'failure') total.failures.push(m.failure);
        else if (m.type === 'log') log?.(m.line);
        else if (m.type === 'done') finish({ result: m.result });
      });
      worker.on('error', (e) => finish({ stuck: { ...current, why: `worker died: ${String((e as any)?.code ?? '')} ${e.message}`.trim() } }));
      worker.on('exit', (code) => finish({ stuck: { ...current, why: `worker exited with code ${code}` } }));
    });
    if (outcome.result) {
      merge(total, outcome.result);
      return total;
    }
    const stuck = outcome.stuck!;
    // Counts as of the start of the stuck case (which itself counts as one case of its target).
    if (last.counts) merge(total, last.counts);
    const [target, index] = stuck.key.split(':');
    const failure: Failure = {
      target: (target === 'pristine' ? 'analysis' : target) as Failure['target'], kind: stuck.why.includes('hang') ? 'hang' : 'crash',
      detail: stuck.why, seed: o.seed, case: Number(index), source: stuck.source, input: stuck.input,
    };
    total.failures.push(failure);
    log?.(`FAIL ${stuck.key} (seed ${o.seed}): ${stuck.why}: ${stuck.source.slice(0, 300)}`);
    if (o.artifacts) {
      mkdirSync(o.artifacts, { recursive: true });
      const name = `${stuck.key.replace(':', '-')}-${failure.kind}-seed${o.seed}`;
      writeFileSync(join(o.artifacts, `${name}.php`), stuck.input);
      writeFileSync(join(o.artifacts, `${name}.txt`), `${stuck.source}\n${stuck.why}\n`);
    }
    if (!stuck.key) return total; // died before the first case: nothing to resume from
    const t = failure.target as keyof CampaignResult['cases'];
    if (t in total.cases) total.cases[t]++;
    resumeAfter = stuck.key;
  }
}
