// examples/kafka shows every kafka.* rule at least once (it is what `npm start` opens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaRules } from '../../server/src/rules/kafka';
import { analyze } from '../support/fixtures';

test('every kafka rule fires in examples/kafka', () => {
  const dir = join(__dirname, '..', '..', 'examples', 'kafka');
  const fired = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.php'))) {
    const path = join(dir, name);
    for (const f of analyze(readFileSync(path, 'utf8'), path)) fired.add(f.rule);
  }
  const missing = kafkaRules.map((r) => r.meta.id).filter((id) => !fired.has(id));
  assert.deepEqual(missing, []);
});
