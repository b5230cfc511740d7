// A per-file analysis time budget. JavaScript cannot interrupt a running rule, so the budget is checked between
// units of work (one rule over one unit): once it is spent, the remaining work is skipped and the file gets one
// finding that says what did not run, instead of a server that stops answering while the user types.
//
// Pure helpers, no state of their own: whoever runs the rules (PhpDocument.findings -> runUnit) starts a budget per
// analysis, asks `spent()` before each rule, records the rule ids it skipped, and appends `overBudgetFinding`.
import type { Finding } from '../rules/types';

export const OVER_BUDGET = 'memlens.overBudget';

/** Analysis of one file (all units, all rules) normally takes well under 100 ms; the largest WordPress files take a
 * few hundred ms when the JIT is cold. Past this, the editor would visibly lag. */
export const ANALYSIS_BUDGET_MS = 2000;

export interface Budget {
  readonly limitMs: number;
  /** Milliseconds since the budget started. */
  elapsed(): number;
  /** True once the limit is reached; stays true. */
  spent(): boolean;
}

export function startBudget(limitMs: number = ANALYSIS_BUDGET_MS, now: () => number = () => performance.now()): Budget {
  const started = now();
  let over = false;
  return {
    limitMs,
    elapsed: () => now() - started,
    spent: () => (over ||= now() - started >= limitMs),
  };
}

/** Runs named pieces of work in order while the budget lasts; the names of those not run come back in `skipped`. */
export function runWithin<T>(budget: Budget, work: ReadonlyArray<{ name: string; run: () => T }>): { results: T[]; skipped: string[] } {
  const results: T[] = [];
  const skipped: string[] = [];
  for (const w of work) {
    if (budget.spent()) skipped.push(w.name);
    else results.push(w.run());
  }
  return { results, skipped };
}

/** The one finding a file gets when analysis was cut off. `skipped` may repeat ids (one per unit); they are listed
 * once. Offsets 0..0: it is about the file, not a line. */
export function overBudgetFinding(budget: Budget, skipped: readonly string[]): Finding {
  const ids = [...new Set(skipped)];
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
  return {
    rule: OVER_BUDGET,
    severity: 'info',
    start: 0,
    end: 0,
    message: `MemLens stopped analysing this file after ${Math.round(budget.elapsed())} ms (its time budget is ` +
      `${budget.limitMs} ms per file), so ${shown} did not run and findings may be missing. It tries again on the ` +
      'next edit. If this file is not unusually large, please report it at https://github.com/memlens/memlens/issues',
  };
}
