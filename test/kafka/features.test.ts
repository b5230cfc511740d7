// Hovers and completions inside `->set('...')` strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kafkaHover, kafkaCompletion } from '../../server/src/features/kafka';
import { defaultSettings } from '../../server/src/config';
import type { FeatureContext } from '../../server/src/features/types';

function at(source: string): FeatureContext {
  const offset = source.indexOf('|');
  const text = source.replace('|', '');
  return { text, fileName: 'a.php', language: 'php', offset, settings: defaultSettings, statements: () => [] };
}

test('hover on a property name shows its table row', () => {
  const h = kafkaHover(at("<?php\n$conf->set('enable.par|tition.eof', 'true');\n"))!;
  assert.ok(h, 'a hover');
  assert.match(h.markdown, /\*\*enable\.partition\.eof\*\*/);
  assert.match(h.markdown, /Default: `false`/);
  assert.match(h.markdown, /Client: consumer/);
  assert.match(h.markdown, /PARTITION_EOF/);
  const text = "<?php\n$conf->set('enable.partition.eof', 'true');\n";
  assert.equal(text.slice(h.start, h.end), 'enable.partition.eof');
});

test('hover on an alias names its target; nothing on unknown names or values', () => {
  assert.match(kafkaHover(at("<?php $c->set('linger|.ms', '5');"))!.markdown, /Alias of `queue\.buffering\.max\.ms`/);
  assert.match(kafkaHover(at("<?php $c->set('linger|.ms', '5');"))!.markdown, /Type: float/);
  assert.equal(kafkaHover(at("<?php $c->set('no.such|.thing', '5');")), null);
  assert.equal(kafkaHover(at("<?php $c->set('linger.ms', '5|');")), null);
  assert.equal(kafkaHover(at("<?php $c->get('linger|.ms');")), null);
});

test('completion of property names inside the first argument', () => {
  const c = kafkaCompletion(at("<?php\n$conf->set('group|"))!;
  assert.ok(c.items.some((i) => i.label === 'group.id'));
  assert.ok(c.items.some((i) => i.label === 'bootstrap.servers'));
  assert.ok(!c.items.some((i) => i.label.endsWith('_cb')), 'callbacks cannot be set by name');
  assert.equal(c.end - c.start, 'group'.length);
});

test('completion of enum and bool values inside the second argument', () => {
  const e = kafkaCompletion(at("<?php $conf->set('auto.offset.reset', '|');"))!;
  assert.deepEqual(e.items.map((i) => i.label), ['smallest', 'earliest', 'beginning', 'largest', 'latest', 'end', 'error']);
  const b = kafkaCompletion(at("<?php $conf->set('enable.idempotence', 'tr|ue');"))!;
  assert.deepEqual(b.items.map((i) => i.label), ['true', 'false']);
  assert.equal(b.end - b.start, 'true'.length);
  const acks = kafkaCompletion(at("<?php $conf->set('acks', '|');"))!;
  assert.ok(acks.items.some((i) => i.label === 'all'));
  const flags = kafkaCompletion(at("<?php $conf->set('builtin.features', '|');"))!;
  assert.ok(!flags.items.some((i) => i.label === 'http'), 'values this build lacks are not offered');
  assert.equal(kafkaCompletion(at("<?php $conf->set('no.such', '|');")), null);
});
