// One file's fixes, checked one at a time (see fixes.mjs).
import { readFileSync } from 'node:fs';
import { analyzeText } from './analyze';
import { parsePhp } from '../../server/src/core/parse';
import type { Edit } from '../../server/src/rules/types';

export interface FixCheck { file: string; line: number; rule: string; title: string; parses: boolean; gone: boolean; untouchedOutside: boolean; problem: string; }

function apply(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Every character outside the edited ranges is unchanged, in order. */
function outsideUnchanged(before: string, after: string, edits: Edit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let i = 0; // in before
  let j = 0; // in after
  for (const e of sorted) {
    if (before.slice(i, e.start) !== after.slice(j, j + (e.start - i))) return false;
    j += e.start - i + e.newText.length;
    i = e.end;
  }
  return before.slice(i) === after.slice(j);
}

export function checkFixes(path: string): FixCheck[] {
  const text = readFileSync(path, 'utf8');
  const baseErrors = parsePhp(text).errors.length;
  const { findings } = analyzeText(text, path);
  const out: FixCheck[] = [];
  for (const f of findings) {
    const fix = f.fixes?.find((x) => x.preferred) ?? f.fixes?.[0];
    if (!fix) continue;
    const fixed = apply(text, fix.edits);
    const parses = parsePhp(fixed).errors.length <= baseErrors;
    // Where the finding starts after the edit: shifted by edits that end before it.
    const shift = fix.edits.filter((e) => e.end <= f.start).reduce((s, e) => s + e.newText.length - (e.end - e.start), 0);
    const again = analyzeText(fixed, path).findings;
    // Same rule, same place, same message (messages quote the code, so a neighbour that moved up is not taken for it).
    // (A fix may reveal a different finding of the same rule: `'512MB'` -> `'512M'` is then "raised and never restored".)
    const gone = !again.some((g) => g.rule === f.rule && g.start === f.start + shift && g.message === f.message);
    const untouchedOutside = outsideUnchanged(text, fixed, fix.edits);
    const line = text.slice(0, f.start).split('\n').length;
    const problem = [!parses && 'does not parse', !gone && 'finding still there', !untouchedOutside && 'text outside the edit changed'].filter(Boolean).join(', ');
    out.push({ file: path, line, rule: f.rule, title: fix.title, parses, gone, untouchedOutside, problem });
  }
  return out;
}
