// One fuzz campaign over every target, seeded and bounded: `npm test` runs a small one (test/fuzz/fuzz.test.ts),
// `npm run fuzz` a long one (scripts/fuzz.mjs). Inputs come from fast-check arbitraries sampled with the seed, so a
// failure is reproduced by the seed and case number it prints, and its input is written out when asked.
import fc from 'fast-check';
import { mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPaths, readCorpusFile, simulatorSnippets, type CorpusFile } from './corpus';
import { mutationsArb, mutateAll } from './mutate';
import { editOpsArb, expandEdits, simProgramArb } from './generators';
import { checkAnalysis, checkFixes, checkIncremental, checkParse, checkSimulate, SETTINGS, type Problem } from './checks';

export interface CampaignOptions {
  seed: number;
  /** Mutated corpus files through the parser, analysis and quick fixes. */
  analysis: number;
  /** Unmutated corpus files through analysis and quick fixes (every rule fixture is added to them). */
  pristine: number;
  /** Edit sequences applied to the incremental document, compared with a fresh parse. */
  incremental: number;
  /** Generated programs and mutated snippets through the simulator. */
  simulate: number;
  /** Larger corpus files are left out (keeps the bounded run short). */
  maxFileBytes: number;
  /** Where failing inputs are written (none when undefined). */
  artifacts?: string;
  log?: (line: string) => void;
  /** Called before every case with its key (`phase:index`) and input source: the supervisor's watchdog. */
  onCase?: (key: string, source: string, input: string, counts: Omit<CampaignResult, 'failures'>) => void;
  onFailure?: (failure: Failure) => void;
  /** Skip every case up to and including this key (resuming after a case that hung or exhausted memory). */
  resumeAfter?: string;
}

export interface Failure extends Problem { seed: number; case: number; source: string; input?: string; }

export interface CampaignResult {
  cases: Record<'parse' | 'analysis' | 'fix' | 'incremental' | 'simulate', number>;
  compared: number;
  fixesApplied: number;
  simExits: Record<string, number>;
  slowestMs: Record<string, number>;
  failures: Failure[];
}

const ROOT = join(__dirname, '..', '..');

function fixtureFiles(): CorpusFile[] {
  const dir = join(ROOT, 'test', 'fixtures');
  const out: CorpusFile[] = [];
  for (const rule of readdirSync(dir).sort()) {
    for (const name of readdirSync(join(dir, rule)).sort()) {
      if (name.endsWith('.php') && !name.endsWith('.expected.php')) out.push({ path: join(dir, rule, name), text: readFileSync(join(dir, rule, name), 'utf8') });
    }
  }
  return out;
}

export function runCampaign(o: CampaignOptions): CampaignResult {
  const log = o.log ?? (() => undefined);
  const result: CampaignResult = {
    cases: { parse: 0, analysis: 0, fix: 0, incremental: 0, simulate: 0 }, compared: 0, fixesApplied: 0, simExits: {}, slowestMs: {}, failures: [],
  };
  const corpus = corpusPaths().filter((f) => f.size <= o.maxFileBytes);
  const fixtures = fixtureFiles();
  const snippets = simulatorSnippets();
  const texts = new Map<string, string>();
  const textOf = (path: string) => {
    let t = texts.get(path);
    if (t === undefined) { t = readCorpusFile(path).text; if (texts.size < 2000) texts.set(path, t); }
    return t;
  };
  const seen = new Set<string>();
  const record = (problems: Problem[], k: number, source: string, input: string) => {
    for (const p of problems) {
      const signature = `${p.target}:${p.kind}:${p.detail.split('\n').slice(0, 2).join('|').replace(/\d+/g, 'N')}`;
      const first = !seen.has(signature);
      seen.add(signature);
      const failure: Failure = { ...p, seed: o.seed, case: k, source, ...(first ? { input } : {}) };
      result.failures.push(failure);
      o.onFailure?.(failure);
      if (first && o.artifacts) {
        mkdirSync(o.artifacts, { recursive: true });
        const name = `${p.target}-${p.kind}-seed${o.seed}-case${k}`;
        writeFileSync(join(o.artifacts, `${name}.php`), input);
        writeFileSync(join(o.artifacts, `${name}.txt`), `${source}\n${p.detail}\n`);
      }
      if (first) log(`FAIL ${p.target}/${p.kind} (seed ${o.seed}, case ${k}, ${source}): ${p.detail.split('\n')[0]}`);
    }
  };
  let skipping = !!o.resumeAfter;
  /** False when the case is skipped (resuming); otherwise tells the watchdog which case runs. */
  const start = (target: string, k: number, source: string, input: string): boolean => {
    const key = `${target}:${k}`;
    if (skipping) {
      if (key === o.resumeAfter) skipping = false;
      return false;
    }
    o.onCase?.(key, source, input, { ...result, failures: undefined } as Omit<CampaignResult, 'failures'>);
    return true;
  };
  const slow = (target: string, ms: number) => { result.slowestMs[target] = Math.max(result.slowestMs[target] ?? 0, Math.round(ms)); };
  const sample = <T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] => (n > 0 ? fc.sample(arb, { seed: o.seed + salt, numRuns: n }) : []);

  // 1. Mutated real files: parser, analysis (two settings), offsets, contained rule crashes, quick fixes.
  const analysisCases = sample(fc.tuple(fc.nat(), mutationsArb), o.analysis, 1);
  analysisCases.forEach(([pick, mutations], k) => {
    const file = corpus[pick % corpus.length];
    const source = `${file.path} + ${JSON.stringify(mutations)}`;
    const text = mutateAll(textOf(file.path), mutations);
    if (!start('analysis', k, source, text)) return;
    result.cases.parse++;
    record(checkParse(text), k, source, text);
    result.cases.analysis++;
    const { problems, findings, ms } = checkAnalysis(text, 'fuzz.php', SETTINGS[k % SETTINGS.length]);
    slow('analysis', ms);
    record(problems, k, source, text);
    const fixes = checkFixes(text, findings);
    result.fixesApplied += fixes.applied;
    if (fixes.applied) result.cases.fix++;
    record(fixes.problems, k, source, text);
    if (k % 50 === 49) log(`analysis ${k + 1}/${o.analysis}`);
  });

  // 2. Unmutated files and rule fixtures: code that parses, so every finding's quick fix must keep it parsing.
  const pristine = [...fixtures, ...sample(fc.nat(), o.pristine, 2).map((n) => ({ path: corpus[n % corpus.length].path, text: '' }))];
  pristine.forEach((file, k) => {
    const text = file.text || textOf(file.path);
    if (!start('pristine', k, file.path, text)) return;
    result.cases.analysis++;
    const { problems, findings, ms } = checkAnalysis(text, file.path);
    slow('analysis', ms);
    record(problems, k, file.path, text);
    const fixes = checkFixes(text, findings);
    result.fixesApplied += fixes.applied;
    if (fixes.applied) result.cases.fix++;
    record(fixes.problems, k, file.path, text);
  });

  // 3. Keystroke sequences on the incremental document (fixtures and small corpus files, which parse).
  const editBases = [...fixtures, ...corpus.filter((f) => f.size <= Math.min(o.maxFileBytes, 40_000)).map((f) => ({ path: f.path, text: '' }))];
  const incrementalCases = sample(fc.tuple(fc.nat(), editOpsArb, fc.constantFrom(1, 3, 7, 0)), o.incremental, 3);
  incrementalCases.forEach(([pick, ops, every], k) => {
    const base = editBases[pick % editBases.length];
    const text = base.text || textOf(base.path);
    const edits = expandEdits(text, ops);
    const source = `${base.path} + edits ${JSON.stringify(ops)} (analysed every ${every})`;
    if (!start('incremental', k, source, text)) return;
    const t = performance.now();
    const { problems, compared } = checkIncremental(text, edits, every);
    slow('incremental', (performance.now() - t) / Math.max(1, edits.length));
    result.cases.incremental++;
    if (compared) result.compared++;
    record(problems, k, source, text);
    if (k % 50 === 49) log(`incremental ${k + 1}/${o.incremental}`);
  });

  // 4. The simulator: generated programs (half of the cases) and mutated oracle snippets, opcache on and off.
  const programs = sample(simProgramArb, Math.ceil(o.simulate / 2), 4);
  const mutatedSnippets = sample(fc.tuple(fc.nat(), mutationsArb), Math.floor(o.simulate / 2), 5)
    .map(([pick, mutations]) => ({ source: `${snippets[pick % snippets.length].path} + ${JSON.stringify(mutations)}`, code: mutateAll(snippets[pick % snippets.length].text, mutations) }));
  // With the trace on, as the Simulate GC panel runs it: runaway programs also prove the trace stays bounded.
  [...programs.map((p, i) => ({ source: `generated program ${i}`, code: p.code })), ...mutatedSnippets].forEach(({ source, code }, k) => {
    if (!start('simulate', k, source, code)) return;
    const t = performance.now();
    const { problems, exitCode } = checkSimulate(code, k % 3 === 2);
    slow('simulate', performance.now() - t);
    result.cases.simulate++;
    result.simExits[String(exitCode ?? 'threw')] = (result.simExits[String(exitCode ?? 'threw')] ?? 0) + 1;
    record(problems, k, source, code);
    if (k % 100 === 99) log(`simulate ${k + 1}/${o.simulate}`);
  });
  return result;
}

/** Failures grouped by kind, one line each, with the first reproduction. */
export function summarize(failures: Failure[]): string[] {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.target}/${f.kind}: ${f.detail.split('\n')[0].slice(0, 200)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups].map(([key, fs]) => `${fs.length}x ${key}\n    first: seed ${fs[0].seed} case ${fs[0].case}: ${fs[0].source.slice(0, 300)}`);
}
