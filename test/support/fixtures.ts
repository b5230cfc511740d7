// Fixtures read like the squiggle the user sees: a comment line of carets under the code marks the expected range
// and the rule id, optionally followed by ": part of the message".
//
//     $a->self = $a;
//  // ^^^^^^^^^^^^^ memory.selfReference: holds itself
//
// Carets are columns of the nearest code line above; a finding spanning lines is marked on its first line.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PhpDocument } from '../../server/src/core/document';
import { analyzeConfig, languageOf } from '../../server/src/core/analyze';
import { defaultSettings, type Settings } from '../../server/src/config';
import { lineStarts, lineOf } from '../../server/src/rules/suppress';
import type { Edit, Finding, Language } from '../../server/src/rules/types';

export const FIXTURES = join(__dirname, '..', 'fixtures');
const MARKER = /^(\s*(?:\/\/|#|;)\s*)(\^+)\s+([a-z]+\.[A-Za-z0-9]+)(?::\s*(.*))?$/;

export interface Expectation { line: number; column: number; endColumn: number; rule: string; message?: string; }

export function expectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  let codeLine = -1;
  lines.forEach((line, index) => {
    const m = MARKER.exec(line);
    if (!m) { codeLine = index; return; }
    const column = m[1].length;
    out.push({ line: codeLine, column, endColumn: column + m[2].length, rule: m[3], message: m[4]?.trim() });
  });
  return out;
}

/** Fixture files name their language by extension: .php, .ini, .fpm.conf, .memcached.conf. */
export function fixtureLanguage(fileName: string): Language | null {
  if (fileName.endsWith('.fpm.conf')) return 'fpm';
  if (fileName.endsWith('.memcached.conf')) return 'memcached';
  if (fileName.endsWith('.ini')) return 'ini';
  return languageOf(fileName);
}

export function analyze(text: string, fileName: string, settings: Settings = defaultSettings): Finding[] {
  const language = fixtureLanguage(fileName);
  if (language && language !== 'php') return analyzeConfig({ language, text, fileName }, settings);
  return new PhpDocument(text, fileName).findings(settings);
}

export interface Located { line: number; column: number; endLine: number; endColumn: number; rule: string; message: string; }

export function locate(text: string, findings: Finding[]): Located[] {
  const starts = lineStarts(text);
  return findings.map((f) => {
    const line = lineOf(starts, f.start);
    const endLine = lineOf(starts, f.end);
    return { line, column: f.start - starts[line], endLine, endColumn: f.end - starts[endLine], rule: f.rule, message: f.message };
  });
}

/** Compares a rule's findings with the markers; returns human-readable differences (empty when they agree). */
export function compare(text: string, findings: Finding[], rule: string): string[] {
  const wanted = expectations(text).filter((e) => e.rule === rule);
  const got = locate(text, findings.filter((f) => f.rule === rule));
  const problems: string[] = [];
  const key = (l: number, c: number) => `${l + 1}:${c + 1}`;
  const unmatched = [...got];
  for (const e of wanted) {
    const i = unmatched.findIndex((g) => g.line === e.line && g.column === e.column &&
      (g.endLine !== g.line || g.endColumn === e.endColumn));
    if (i < 0) {
      const near = got.filter((g) => g.line === e.line).map((g) => `${key(g.line, g.column)}-${key(g.endLine, g.endColumn)}`);
      problems.push(`missing ${rule} at ${key(e.line, e.column)}-${e.endColumn + 1}${near.length ? ` (found on that line: ${near.join(', ')})` : ''}`);
      continue;
    }
    const [g] = unmatched.splice(i, 1);
    if (e.message && !g.message.includes(e.message)) problems.push(`${rule} at ${key(e.line, e.column)}: message "${g.message}" lacks "${e.message}"`);
  }
  for (const g of unmatched) problems.push(`unexpected ${rule} at ${key(g.line, g.column)}-${key(g.endLine, g.endColumn)}: ${g.message}`);
  return problems;
}

export interface RuleFixtures { fire: string[]; silent: string[]; fix: Array<{ input: string; expected: string }>; }

export function fixturesFor(rule: string): RuleFixtures {
  const dir = join(FIXTURES, rule);
  const out: RuleFixtures = { fire: [], silent: [], fix: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name.includes('.expected.')) continue;
    if (name.startsWith('fire')) out.fire.push(path);
    else if (name.startsWith('silent')) out.silent.push(path);
    else if (name.startsWith('fix')) {
      const expected = path.replace(/(\.[a-z]+)$/, '.expected$1');
      out.fix.push({ input: path, expected });
    }
  }
  return out;
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Applies non-overlapping edits (later ones first, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}-${e.end}`);
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
