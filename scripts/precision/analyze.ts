// Worker side of the precision scripts: analyses files with only the memory.* rules switched on, so other areas'
// rules neither slow the run down nor blur the crash count.
import { readFileSync } from 'node:fs';
import { PhpDocument } from '../../server/src/core/document';
import { decode } from '../../server/src/core/analyze';
import { allRules } from '../../server/src/rules';
import { defaultSettings, type Settings } from '../../server/src/config';
import type { Finding } from '../../server/src/rules/types';

export const memorySettings: Settings = {
  ...structuredClone(defaultSettings),
  rules: Object.fromEntries(allRules.filter((r) => !r.meta.id.startsWith('memory.')).map((r) => [r.meta.id, 'off'])),
};

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
  let all: Finding[] = [];
  try {
    all = new PhpDocument(text, path).findings(memorySettings);
  } catch (err: any) {
    crashes.push(String(err?.stack ?? err).slice(0, 500));
  }
  const parse = all.find((f) => f.rule === 'php.parseError');
  for (const f of all) if (f.rule === 'memlens.internalError') crashes.push(f.message);
  return { findings: all.filter((f) => f.rule.startsWith('memory.')), parseError: parse ? parse.message : null, crashes };
}

export function analyzeFile(path: string): FileResult {
  const t0 = performance.now();
  const { text, problem } = decode(readFileSync(path));
  if (problem && !text) return { path, lines: 0, findings: [], parseError: problem, crashes: [], ms: 0 };
  const lines = text.split('\n').length;
  const r = analyzeText(text, path);
  return { path, lines, ...r, ms: performance.now() - t0 };
}
