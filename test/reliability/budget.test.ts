// The per-file analysis budget helpers (server/src/core/budget.ts), with a fake clock: work stops once the budget
// is spent, what was skipped is named once, and the finding says what happened and that it retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBudget, runWithin, overBudgetFinding, OVER_BUDGET } from '../../server/src/core/budget';

test('work runs until the budget is spent, the rest is skipped by name', () => {
  let now = 0;
  const budget = startBudget(100, () => now);
  const ran: string[] = [];
  const work = ['a', 'b', 'c', 'd'].map((name) => ({ name, run: () => { ran.push(name); now += 60; return name; } }));
  const { results, skipped } = runWithin(budget, work);
  assert.deepEqual(results, ['a', 'b']);
  assert.deepEqual(ran, ['a', 'b']);
  assert.deepEqual(skipped, ['c', 'd']);
  assert.ok(budget.spent());
  now = 0; // a clock going back does not un-spend a budget
  assert.ok(budget.spent());
});

test('the over-budget finding names each skipped rule once, the time and the budget', () => {
  let now = 0;
  const budget = startBudget(2000, () => now);
  now = 2345;
  const skipped = ['memory.selfReference', 'memory.selfReference', 'a.b', 'c.d', 'e.f', 'g.h', 'i.j'];
  const f = overBudgetFinding(budget, skipped);
  assert.equal(f.rule, OVER_BUDGET);
  assert.equal(f.start, 0);
  assert.equal(f.end, 0);
  assert.match(f.message, /after 2345 ms \(its time budget is 2000 ms per file\)/);
  assert.match(f.message, /memory\.selfReference, a\.b, c\.d, e\.f, g\.h and 1 more did not run/);
  assert.equal(f.message.match(/memory\.selfReference/g)!.length, 1);
  assert.match(f.message, /tries again on the next edit/);
});
