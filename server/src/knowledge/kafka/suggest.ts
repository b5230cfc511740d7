// "Did you mean": the nearest known property name to a misspelt one.
import { indexOf, type PropertyTable } from './table';

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), capped for speed. */
export function editDistance(a: string, b: string, cap = 6): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest settable name (case-insensitive match first), or null when nothing is close. */
export function suggestName(table: PropertyTable, name: string, where: 'any' | 'topic' = 'any'): string | null {
  const index = indexOf(table);
  const names = where === 'topic' ? [...index.topic.keys()] : [...new Set([...index.global.keys(), ...index.topic.keys()])];
  const candidates = names.filter((n) => !n.endsWith('_cb') && !['pointer', 'internal'].includes((index.global.get(n) ?? index.topic.get(n))?.type ?? ''));
  const bare = name.replace(/^topic\./, '');
  const lower = bare.toLowerCase().replace(/_/g, '.');
  const exact = candidates.find((n) => n.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.min(4, Math.floor(bare.length / 4)));
  for (const n of candidates) {
    const dist = editDistance(lower, n.toLowerCase(), bestDistance);
    if (dist < bestDistance || (dist === bestDistance && best === null)) { best = n; bestDistance = dist; }
  }
  return best;
}
