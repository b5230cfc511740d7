// A baseline lists accepted findings by file, rule and message (no line numbers, so unrelated edits above a finding
// do not resurrect it). Each entry carries a count: N identical accepted findings hide at most N.
import type { FileFinding } from './formats';

export interface BaselineEntry { file: string; rule: string; message: string; count: number; }
export interface Baseline { version: 1; findings: BaselineEntry[]; }

const keyOf = (f: { file: string; rule: string; message: string }) => `${f.file}\u0000${f.rule}\u0000${f.message}`;

export function makeBaseline(findings: FileFinding[]): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const k = keyOf(f);
    const entry = counts.get(k);
    if (entry) entry.count++;
    else counts.set(k, { file: f.file, rule: f.rule, message: f.message, count: 1 });
  }
  const entries = [...counts.values()].sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
  return { version: 1, findings: entries };
}

export function parseBaseline(text: string): Baseline {
  const data = JSON.parse(text);
  if (!data || data.version !== 1 || !Array.isArray(data.findings)) throw new Error('not a MemLens baseline (expected {"version": 1, "findings": [...]})');
  for (const e of data.findings) {
    if (typeof e?.file !== 'string' || typeof e?.rule !== 'string' || typeof e?.message !== 'string') throw new Error('baseline entry needs file, rule and message');
  }
  return data as Baseline;
}

export function filterBaseline(findings: FileFinding[], baseline: Baseline): FileFinding[] {
  const left = new Map<string, number>();
  for (const e of baseline.findings) left.set(keyOf(e), (left.get(keyOf(e)) ?? 0) + (Number.isInteger(e.count) && e.count > 0 ? e.count : 1));
  return findings.filter((f) => {
    const k = keyOf(f);
    const n = left.get(k) ?? 0;
    if (n <= 0) return true;
    left.set(k, n - 1);
    return false;
  });
}
