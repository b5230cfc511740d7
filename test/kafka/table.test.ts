// The checked-in librdkafka table is exactly what the generator makes from the installed kcat, and the setting
// picks the table the user asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEWEST, TABLES, tableFor, findProperty, settableNames } from '../../server/src/knowledge/kafka/table';
import { defaultSettings } from '../../server/src/config';

const root = join(__dirname, '..', '..');

test('the table regenerated from the installed kcat equals the checked-in one', () => {
  let fresh: string;
  try {
    fresh = execFileSync(process.execPath, [join(root, 'scripts/gen-kafka-table.mjs'), '--stdout'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err: any) {
    throw new Error(`the generator failed (kcat missing? run scripts/ensure-kcat.sh): ${err.stderr ?? err.message}`);
  }
  const version = JSON.parse(fresh).librdkafka;
  const stored = readFileSync(join(root, 'server/src/knowledge/kafka', `librdkafka-${version}.json`), 'utf8');
  assert.equal(fresh, stored, `server/src/knowledge/kafka/librdkafka-${version}.json is stale: run node scripts/gen-kafka-table.mjs`);
});

test('the table holds what FACTS.md 7 says about librdkafka 2.0.2', () => {
  const t = TABLES.find((x) => x.librdkafka === '2.0.2')!;
  assert.ok(t, 'the 2.0.2 table ships');
  assert.equal(findProperty(t, 'linger.ms')?.aliasOf, 'queue.buffering.max.ms');
  assert.equal(findProperty(t, 'acks')?.aliasOf, 'request.required.acks');
  assert.equal(findProperty(t, 'enable.partition.eof')?.default, 'false');
  assert.equal(findProperty(t, 'group.id')?.scope, 'consumer');
  assert.equal(findProperty(t, 'socket.blocking.max.ms')?.deprecated, true);
  assert.ok(!settableNames(t).includes('dr_msg_cb'), 'callbacks are not offered as names');
});

test('memlens.kafka.librdkafkaVersion picks a table; the default is the newest shipped', () => {
  assert.equal(tableFor(defaultSettings), NEWEST);
  assert.equal(tableFor({ kafka: { librdkafkaVersion: '2.0.2' } }).librdkafka, '2.0.2');
  // Newer than anything shipped: the newest table we have (librdkafka only adds properties).
  assert.equal(tableFor({ kafka: { librdkafkaVersion: '9.9.9' } }), NEWEST);
  // Older than anything shipped: the oldest table.
  assert.ok(tableFor({ kafka: { librdkafkaVersion: '1.0.0' } }));
});
