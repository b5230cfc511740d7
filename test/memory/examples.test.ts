// examples/memory shows every memory.* rule (the default input of `npm start`), including the seed patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../support/fixtures';
import { memoryRules } from '../../server/src/rules/memory';

const dir = join(__dirname, '..', '..', 'examples', 'memory');

function findingsOf(path: string, name: string) {
  return analyze(readFileSync(path, 'utf8'), name);
}

test('every memory rule fires somewhere in examples/memory', () => {
  const fired = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.php'))) for (const f of findingsOf(join(dir, name), name)) fired.add(f.rule);
  for (const f of findingsOf(join(dir, 'php', 'php.ini'), 'php.ini')) fired.add(f.rule);
  const missing = memoryRules.map((r) => r.meta.id).filter((id) => !fired.has(id));
  assert.deepEqual(missing, []);
});

test('seed patterns: the pair and the tree are cycles, the "leaky function" is not a leak', () => {
  const cycles = findingsOf(join(dir, 'cycles.php'), 'cycles.php').filter((f) => f.rule === 'memory.objectCycle');
  assert.ok(cycles.some((f) => f.message.includes('$first (ListNode), $second (ListNode)')), 'two nodes pointing at each other');
  assert.ok(cycles.some((f) => f.message.includes('`$root->children[]`, `$shoes->parent`')), 'parent/child tree');
  const leaky = findingsOf(join(dir, 'not-a-leak.php'), 'not-a-leak.php');
  assert.deepEqual(leaky.map((f) => f.rule), ['memory.redundantUnset'], 'only the redundant unset, no leak finding');
  const foreach = findingsOf(join(dir, 'foreach-reference.php'), 'foreach-reference.php');
  assert.deepEqual(foreach.map((f) => f.rule), ['memory.foreachReferenceLeftover']);
});
