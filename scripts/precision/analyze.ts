// Worker side of the precision scripts: analyses files with the memory.* rules only, the way PhpDocument does for a
// file opened whole (one parse, one unit per top-level declaration plus the script, suppressions applied). It does
// not import the rule registry, so other areas' rules (and their work in progress) neither slow the run down nor
// blur the crash count.
import { readFileSync } from 'node:fs';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements, splitUnits } from '../../server/src/core/units';
import { fileFacts } from '../../server/src/core/facts';
import { decode } from '../../server/src/core/analyze';
import { applySuppressions } from '../../server/src/rules/suppress';
import { memoryRules } from '../../server/src/rules/memory';
import { defaultSettings, type Settings } from '../../server/src/config';
import type { Finding } from '../../server/src/rules/types';

export const memorySettings: Settings = structuredClone(defaultSettings);

function memoryFindings(text: string, path: string, crashes: string[]): { findings: Finding[]; parseError: string | null } {
  const { program, errors } = parsePhp(text, path);
  if (errors.length) return { findings: [], parseError: errors[0].message };
  const facts = fileFacts(text);
  const out: Finding[] = [];
  for (const unit of splitUnits(topLevelStatements(program))) {
    for (const rule of memoryRules) {
      try {
        rule.check?.({
          text, fileName: path, unit, facts, settings: memorySettings,
          report: (f) => out.push({ ...f, rule: rule.meta.id, severity: f.severity ?? rule.meta.severity }),
        });
      } catch (err: any) {
        crashes.push(`${rule.meta.id}: ${String(err?.stack ?? err).slice(0, 400)}`);
      }
    }
  }
  return { findings: applySuppressions(text, out).sort((a, b) => a.start - b.start), parseError: null };
}

export interface FileResult {
  path: string;
  lines: number;
  findings: Finding[];
  parseError: string | null;
  crashes: string[];
  ms: number;
}

export function analyzeText(text: string, path: string): { findings: Finding[]; parseError: string | null; crashes: string[] } {
  const crashes: string[] = [];
  try {
    const { findings, parseError } = memoryFindings(text, path, crashes);
    return { findings, parseError, crashes };
  } catch (err: any) {
    crashes.push(String(err?.stack ?? err).slice(0, 500));
    return { findings: [], parseError: null, crashes };
  }
}

export function analyzeFile(path: string): FileResult {
  const t0 = performance.now();
  const { text, problem } = decode(readFileSync(path));
  if (problem && !text) return { path, lines: 0, findings: [], parseError: problem, crashes: [], ms: 0 };
  const lines = text.split('\n').length;
  const r = analyzeText(text, path);
  return { path, lines, ...r, ms: performance.now() - t0 };
}
