#!/usr/bin/env node
// Generates MemLens's librdkafka property table from the installed kcat: `kcat -X list` gives the rows, `kcat -V`
// the librdkafka version and build features, and a few probes (`kcat -X name=value -L` against the mock cluster)
// record what the list does not print: properties or values this build rejects ("not supported in this build"),
// integer properties that also take a word (`acks=all`) and the hidden properties Conf::set accepts.
//
//   node scripts/gen-kafka-table.mjs            writes server/src/knowledge/kafka/librdkafka-<version>.json
//   node scripts/gen-kafka-table.mjs --stdout   prints the JSON instead (the freshness test compares it)
import { execFileSync, execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// Words librdkafka maps to numbers for integer properties (its s2i table); kept only when kcat accepts them.
const INT_WORDS = { 'request.required.acks': { all: -1 } };
// Properties librdkafka hides from `-X list` but accepts from Conf::set; kept only when kcat accepts them.
const HIDDEN = ['client.software.name', 'client.software.version', 'test.mock.num.brokers', 'test.mock.broker.rtt'];

function kcat(args) {
  try {
    return execFileSync('kcat', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.code === 'ENOENT') {
      console.error('kcat is not installed: run scripts/ensure-kcat.sh');
      process.exit(2);
    }
    return String(err.stdout ?? '') + String(err.stderr ?? '');
  }
}

/** librdkafka's verdict on one `name=value`: null when accepted, else its error text. */
function probe(name, value) {
  return new Promise((resolve) => {
    execFile('kcat', ['-X', 'test.mock.num.brokers=1', '-b', 'dummy', '-X', `${name}=${value}`, '-L', '-m', '1'],
      { encoding: 'utf8', timeout: 10000 }, (err, stdout, stderr) => {
        const m = /% ERROR: (.*)/.exec(String(stderr) + String(stdout));
        resolve(err && m ? m[1].trim() : null);
      });
  });
}

async function inBatches(jobs, size = 32) {
  const out = [];
  for (let i = 0; i < jobs.length; i += size) out.push(...await Promise.all(jobs.slice(i, i + size).map((j) => j())));
  return out;
}

const TYPES = {
  integer: 'integer', float: 'float', boolean: 'boolean', 'enum value': 'enum', 'CSV flags': 'flags',
  string: 'string', 'pattern list': 'patterns', 'see dedicated API': 'pointer',
};
const SCOPES = { C: 'consumer', P: 'producer', '*': 'both' };

function parseList(text) {
  const tables = { global: [], topic: [] };
  let table = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('## Global')) { table = tables.global; continue; }
    if (line.startsWith('## Topic')) { table = tables.topic; continue; }
    if (!table || !line.includes('|') || line.startsWith('Property') || line.startsWith('---')) continue;
    const cells = line.split('|');
    if (cells.length < 6) continue;
    const [name, cp, range, def, importance] = cells.slice(0, 5).map((c) => c.trim());
    const rest = cells.slice(5).join('|').trim();
    const typeMatch = /\s*<br>\*Type: ([^*]+)\*\s*$/.exec(rest);
    const description = typeMatch ? rest.slice(0, typeMatch.index).trim() : rest;
    const type = TYPES[typeMatch?.[1] ?? ''] ?? 'string';
    const row = { name, scope: SCOPES[cp] ?? 'both', type, default: def, importance };
    const numeric = /^(-?[\d.e+]+) \.\. (-?[\d.e+]+)$/.exec(range);
    if (numeric && (type === 'integer' || type === 'float')) row.range = [Number(numeric[1]), Number(numeric[2])];
    if ((type === 'enum' || type === 'flags') && range) row.values = range.split(',').map((v) => v.trim());
    // builtin.features prints its flags as the default instead of the range.
    else if (type === 'flags' && def) row.values = def.split(',').map((v) => v.trim());
    const alias = /^(?:\*\*DEPRECATED\*\* )?Alias for `([^`]+)`/.exec(description);
    if (alias) row.aliasOf = alias[1];
    if (description.includes('**DEPRECATED**')) row.deprecated = true;
    if (description.includes('**EXPERIMENTAL**')) row.experimental = true;
    row.description = description;
    table.push(row);
  }
  return tables;
}

async function main() {
  const version = /librdkafka ([\d.]+)/.exec(kcat(['-V']))?.[1];
  const kcatVersion = /Version ([\d.]+)/.exec(kcat(['-V']))?.[1];
  if (!version) throw new Error('could not read the librdkafka version from `kcat -V`');
  const features = /builtin\.features=(\S+)/.exec(kcat(['-V']))?.[1]?.split(',') ?? [];
  const tables = parseList(kcat(['-X', 'list']));
  const rows = [...tables.global, ...tables.topic];

  // "see dedicated API" covers two kinds: callbacks (set through their own setter) and internal properties.
  await inBatches(rows.filter((r) => r.type === 'pointer').map((row) => async () => {
    const err = await probe(row.name, 'x');
    if (err && err.startsWith('Internal property')) row.type = 'internal';
  }));
  // Setting plugin.library.paths dlopen()s each library: its verdict depends on the machine, not on the value.
  for (const row of rows) if (row.name === 'plugin.library.paths') row.loads = true;
  // Property-level "not supported in this build": librdkafka says so whatever the value.
  await inBatches(rows.filter((r) => r.type !== 'pointer' && r.type !== 'internal').map((row) => async () => {
    const err = await probe(row.name, row.default === '' ? 'x' : row.default);
    const m = err && /not supported in this build: (.*)$/.exec(err);
    if (m) row.unsupported = m[1];
  }));
  // Value-level: enum and flag values this build was compiled without.
  await inBatches(rows.filter((r) => r.values && !r.unsupported).flatMap((row) => row.values.map((value) => async () => {
    const err = await probe(row.name, value);
    const m = err && /^Unsupported value "[^"]*" for configuration property "[^"]*": (.*)$/.exec(err);
    if (m) (row.unsupportedValues ??= {})[value] = m[1];
  })));
  for (const [name, words] of Object.entries(INT_WORDS)) {
    for (const row of rows.filter((r) => r.name === name || r.aliasOf === name)) {
      for (const [word, value] of Object.entries(words)) {
        if ((await probe(row.name, word)) === null) (row.words ??= {})[word] = value;
      }
    }
  }
  const hidden = [];
  for (const name of HIDDEN) {
    const err = await probe(name, name.startsWith('test.') ? '1' : 'x');
    if (!err || !err.startsWith('No such configuration property')) hidden.push(name);
  }

  const data = { librdkafka: version, kcat: kcatVersion, source: 'kcat -X list', builtinFeatures: features, hidden, ...tables };
  const json = JSON.stringify(data, null, 1) + '\n';
  if (process.argv.includes('--stdout')) process.stdout.write(json);
  else {
    const path = join(root, 'server/src/knowledge/kafka', `librdkafka-${version}.json`);
    writeFileSync(path, json);
    console.log(`wrote ${path}: ${tables.global.length} global + ${tables.topic.length} topic properties`);
  }
}

main().catch((err) => { console.error(err?.stack ?? err); process.exit(1); });
