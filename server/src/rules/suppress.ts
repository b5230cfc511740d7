// `// @memlens-ignore rule.id[, rule.id2]`: on its own line it covers the next line, at the end of a line it covers
// that line. Also accepted in `#` and `/* */` comments, and in `;` comments of ini files.
import type { Finding } from './types';
import { lineStarts, lineOf } from '../core/lines';

export { lineStarts, lineOf };

const DIRECTIVE = /(?:\/\/|#|\/\*|;)\s*@memlens-ignore\b([^\n*]*)/g;

export interface Suppression { line: number; ids: Set<string> | 'all'; }

export function findSuppressions(text: string, starts: number[] = lineStarts(text)): Map<number, Suppression['ids']> {
  const byLine = new Map<number, Suppression['ids']>();
  if (!text.includes('@memlens-ignore')) return byLine;
  for (const match of text.matchAll(DIRECTIVE)) {
    const at = match.index!;
    const line = lineOf(starts, at);
    const before = text.slice(starts[line], at);
    const target = before.trim() === '' ? line + 1 : line;
    const list = match[1].split(/[\s,]+/).filter((s) => /^[a-z]+\.[A-Za-z0-9]+$/.test(s));
    const ids: Suppression['ids'] = list.length ? new Set(list) : 'all';
    const prev = byLine.get(target);
    if (prev === 'all' || ids === 'all') byLine.set(target, 'all');
    else byLine.set(target, new Set([...(prev ?? []), ...ids]));
  }
  return byLine;
}

export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (!text.includes('@memlens-ignore')) return findings;
  const starts = lineStarts(text);
  const byLine = findSuppressions(text, starts);
  return findings.filter((f) => {
    const ids = byLine.get(lineOf(starts, f.start));
    return !(ids === 'all' || ids?.has(f.rule));
  });
}
