// The checked-in precision review (scripts/precision/run.mjs + review.mjs over Debian's WordPress, Symfony, Laravel
// and MediaWiki) must cover every memory.* rule, record no crash, and show every reviewed rule at 90% or better.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryRules } from '../../server/src/rules/memory';

const dir = join(__dirname, '..', 'precision');

test('review.md lists every memory rule at 90% precision or better', () => {
  const review = readFileSync(join(dir, 'review.md'), 'utf8');
  for (const rule of memoryRules) {
    const row = review.split('\n').find((l) => l.startsWith(`| ${rule.meta.id} |`));
    assert.ok(row, `${rule.meta.id} missing from the precision table`);
    const cells = row!.split('|').map((c) => c.trim());
    const precision = cells[7];
    if (precision.startsWith('n/a')) continue;
    assert.ok(Number(precision.replace('%', '')) >= 90, `${rule.meta.id}: ${precision}`);
    assert.equal(cells[3], cells[4], `${rule.meta.id}: every sampled finding needs a verdict`);
  }
});

test('no crash on any corpus file', () => {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  for (const [name, c] of Object.entries<any>(summary.corpora)) assert.equal(c.crashes, 0, `${name}: ${JSON.stringify(c.crashList).slice(0, 500)}`);
});
