// What "survives" means for each fuzz target. Every check returns a list of problems (empty = fine) rather than
// throwing, so one run can count crashes by kind and the test can print all of them with their input.
import { parsePhp } from '../../server/src/core/parse';
import { PhpDocument, type TextEdit } from '../../server/src/core/document';
import { INTERNAL_ERROR } from '../../server/src/rules/run';
import { ruleIds } from '../../server/src/rules';
import { PARSE_ERROR, SKIPPED } from '../../server/src/core/analyze';
import { OVER_BUDGET } from '../../server/src/core/budget';
import { defaultSettings, type Settings } from '../../server/src/config';
import { simulate } from '../../server/src/sim';
import type { Finding } from '../../server/src/rules/types';

export interface Problem {
  target: 'parse' | 'analysis' | 'fix' | 'incremental' | 'simulate';
  kind: 'crash' | 'hang' | 'contained-crash' | 'bad-offsets' | 'over-budget' | 'fix-breaks-code' | 'incremental-differs' | 'bad-result';
  detail: string;
}

/** Per-file wall-clock budget in the fuzz run. Generous because CI machines are shared; a hang blows through it. */
export const FILE_BUDGET_MS = Number(process.env.MEMLENS_FUZZ_BUDGET_MS ?? 5000);

const KNOWN_RULES = new Set([...ruleIds, PARSE_ERROR, SKIPPED, OVER_BUDGET]);

export const SETTINGS: Settings[] = [
  defaultSettings,
  { ...defaultSettings, phpVersion: '8.1', opcache: true, longRunning: { extraLoopCalls: ['handle', 'run'] } },
];

function stackOf(e: any): string {
  return String(e?.stack ?? e).split('\n').slice(0, 8).join('\n');
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

export function checkParse(text: string): Problem[] {
  try {
    const { value: r, ms } = timed(() => parsePhp(text, 'fuzz.php'));
    const out: Problem[] = [];
    if (ms > FILE_BUDGET_MS) out.push({ target: 'parse', kind: 'over-budget', detail: `parse took ${ms.toFixed(0)} ms` });
    for (const e of r.errors) {
      if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length + 1)) out.push({ target: 'parse', kind: 'bad-offsets', detail: `error at ${e.start}..${e.end} in a ${text.length}-char text: ${e.message}` });
    }
    return out;
  } catch (e) {
    return [{ target: 'parse', kind: 'crash', detail: stackOf(e) }];
  }
}

/** Offsets of a finding, its related locations and its fixes' edits must lie in the text (else the LSP layer maps
 * them to nonsense or throws). */
function offsetProblems(f: Finding, length: number): string[] {
  const bad: string[] = [];
  const ok = (s: { start: number; end: number }) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length;
  if (!ok(f)) bad.push(`${f.rule} at ${f.start}..${f.end}`);
  for (const r of f.related ?? []) if (!ok(r)) bad.push(`${f.rule} related at ${r.start}..${r.end}`);
  for (const fix of f.fixes ?? []) for (const e of fix.edits) if (!ok(e)) bad.push(`${f.rule} fix "${fix.title}" edit at ${e.start}..${e.end}`);
  return bad;
}

export interface AnalysisOutcome { problems: Problem[]; findings: Finding[]; ms: number; }

export function checkAnalysis(text: string, fileName = 'fuzz.php', settings: Settings = defaultSettings): AnalysisOutcome {
  let findings: Finding[];
  let ms: number;
  try {
    ({ value: findings, ms } = timed(() => new PhpDocument(text, fileName).findings(settings)));
  } catch (e) {
    return { problems: [{ target: 'analysis', kind: 'crash', detail: stackOf(e) }], findings: [], ms: 0 };
  }
  const problems: Problem[] = [];
  if (ms > FILE_BUDGET_MS) problems.push({ target: 'analysis', kind: 'over-budget', detail: `analysis took ${ms.toFixed(0)} ms for ${text.length} chars` });
  for (const f of findings) {
    // runUnit contains a throwing rule as a finding; for the fuzzer that is still a crash of that rule.
    if (f.rule === INTERNAL_ERROR) problems.push({ target: 'analysis', kind: 'contained-crash', detail: f.message });
    else if (!KNOWN_RULES.has(f.rule)) problems.push({ target: 'analysis', kind: 'bad-result', detail: `unknown rule id ${f.rule}` });
    if (typeof f.message !== 'string' || !f.message) problems.push({ target: 'analysis', kind: 'bad-result', detail: `${f.rule} without a message` });
    for (const b of offsetProblems(f, text.length)) problems.push({ target: 'analysis', kind: 'bad-offsets', detail: b });
  }
  return { problems, findings, ms };
}

export function applyEdits(text: string, edits: ReadonlyArray<{ start: number; end: number; newText: string }>): string | null {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].end > sorted[i - 1].start) return null; // overlapping
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Every quick fix of every finding, applied alone to code that parsed, must leave code that parses. */
export function checkFixes(text: string, findings: Finding[]): { problems: Problem[]; applied: number } {
  const problems: Problem[] = [];
  let applied = 0;
  if (parsePhp(text).errors.length) return { problems, applied };
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (offsetProblems({ ...f, fixes: [fix] }, text.length).length) continue; // already reported as bad offsets
      const fixed = applyEdits(text, fix.edits);
      applied++;
      if (fixed === null) {
        problems.push({ target: 'fix', kind: 'bad-result', detail: `${f.rule} fix "${fix.title}" has overlapping edits` });
        continue;
      }
      try {
        const errors = parsePhp(fixed).errors;
        if (errors.length) {
          const at = errors[0].start;
          problems.push({
            target: 'fix', kind: 'fix-breaks-code',
            detail: `${f.rule} fix "${fix.title}" (edits ${JSON.stringify(fix.edits)}) leaves a syntax error: ${errors[0].message} near ${JSON.stringify(fixed.slice(Math.max(0, at - 60), at + 60))}`,
          });
        }
      } catch (e) {
        problems.push({ target: 'fix', kind: 'crash', detail: stackOf(e) });
      }
    }
  }
  return { problems, applied };
}

/** A finding as the user sees it, for comparing two analyses of the same text. */
function shape(f: Finding): string {
  return JSON.stringify([f.rule, f.severity, f.start, f.end, f.message, f.related ?? [], (f.fixes ?? []).map((x) => [x.title, x.edits, !!x.preferred]), f.tags ?? []]);
}

export function sameFindings(a: Finding[], b: Finding[]): string | null {
  const x = a.map(shape).sort();
  const y = b.map(shape).sort();
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `incremental: ${x[i] ?? '(none)'}\n      fresh: ${y[i] ?? '(none)'}`;
  }
  return null;
}

/**
 * Applies edits one by one to a PhpDocument (asking for findings after some of them, as the server does between
 * keystrokes) and compares the end result with a fresh document of the same text. Findings must be identical when
 * the final text parses; when it does not, both must at least report the syntax error.
 */
export function checkIncremental(initial: string, edits: TextEdit[], analyseEvery: number, settings: Settings = defaultSettings): { problems: Problem[]; compared: boolean } {
  let doc: PhpDocument;
  let expected = initial;
  try {
    doc = new PhpDocument(initial, 'fuzz.php');
    doc.findings(settings);
    edits.forEach((edit, k) => {
      const start = Math.min(Math.max(edit.start, 0), expected.length);
      const end = Math.min(Math.max(edit.end, start), expected.length);
      expected = expected.slice(0, start) + edit.text + expected.slice(end);
      doc.update([{ start, end, text: edit.text }]);
      if (analyseEvery > 0 && k % analyseEvery === 0) doc.findings(settings);
    });
  } catch (e) {
    return { problems: [{ target: 'incremental', kind: 'crash', detail: stackOf(e) }], compared: false };
  }
  if (doc.text !== expected) return { problems: [{ target: 'incremental', kind: 'bad-result', detail: 'document text differs from the edited text' }], compared: false };
  let incremental: Finding[];
  let fresh: Finding[];
  try {
    incremental = doc.findings(settings);
    fresh = new PhpDocument(expected, 'fuzz.php').findings(settings);
  } catch (e) {
    return { problems: [{ target: 'incremental', kind: 'crash', detail: stackOf(e) }], compared: false };
  }
  const parses = parsePhp(expected).errors.length === 0;
  if (parses) {
    const diff = sameFindings(incremental, fresh);
    return { problems: diff ? [{ target: 'incremental', kind: 'incremental-differs', detail: diff }] : [], compared: true };
  }
  const hasError = (fs: Finding[]) => fs.some((f) => f.rule === PARSE_ERROR);
  if (!hasError(incremental) && hasError(fresh)) {
    return { problems: [{ target: 'incremental', kind: 'incremental-differs', detail: 'the text does not parse, the incremental document reports no syntax error' }], compared: false };
  }
  return { problems: [], compared: false };
}

/** Guards small enough that a fuzz case is quick, large enough that real programs run to the end. */
export const SIM_GUARDS = { maxSteps: 50_000, maxMemory: 32 * 1024 * 1024, maxDepth: 256, maxMillis: FILE_BUDGET_MS / 2 };

export function checkSimulate(code: string, opcache = false, trace = true): { problems: Problem[]; exitCode: number | null } {
  let r;
  let ms;
  try {
    ({ value: r, ms } = timed(() => simulate(code, { ...SIM_GUARDS, opcache, trace, file: 'fuzz.php' })));
  } catch (e) {
    return { problems: [{ target: 'simulate', kind: 'crash', detail: stackOf(e) }], exitCode: null };
  }
  const problems: Problem[] = [];
  if (ms > FILE_BUDGET_MS) problems.push({ target: 'simulate', kind: 'over-budget', detail: `simulate took ${ms.toFixed(0)} ms` });
  if (![0, 2, 3, 4].includes(r.exitCode)) problems.push({ target: 'simulate', kind: 'bad-result', detail: `exit code ${r.exitCode}` });
  if (r.exitCode === 4 && !r.guard) problems.push({ target: 'simulate', kind: 'bad-result', detail: 'stopped by a guard without saying which' });
  if (r.exitCode === 3 && !r.unsupported) problems.push({ target: 'simulate', kind: 'bad-result', detail: 'exit 3 without the unsupported construct' });
  if (typeof r.stdout !== 'string' || !r.trace || !Array.isArray(r.trace.steps)) problems.push({ target: 'simulate', kind: 'bad-result', detail: 'malformed result' });
  return { problems, exitCode: r.exitCode };
}
