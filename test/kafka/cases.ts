// Cases for the agreement tests: for every property of the table a valid value (its default) and generated
// invalid or borderline ones, plus deterministic misspellings of real names. Shared by the kcat and Conf::set suites.
import { execFile } from 'node:child_process';
import type { Property, PropertyTable } from '../../server/src/knowledge/kafka/table';

export interface Case { name: string; value: string; }

function valuesFor(p: Property): string[] {
  const out = [p.type === 'pointer' ? '' : p.default];
  switch (p.type) {
    case 'integer': {
      const [min, max] = p.range!;
      out.push(String(min - 1), String(max + 1), String(min), String(max), 'abc', `${Math.max(min, Math.min(max, 10))}ms`,
        `0x${Math.max(0, min).toString(16)}`, `+${Math.max(0, min)}`, '', '4294967296', `0${Math.max(1, Math.min(max, 7))}`);
      for (const w of Object.keys(p.words ?? {})) out.push(w, w.toUpperCase());
      break;
    }
    case 'float': {
      const [min, max] = p.range!;
      out.push(String(min - 1), String(max + 1), 'abc', '1e99', `+${min}`, '', `${min}.5xyz`, 'nan', '-inf', '0x10');
      break;
    }
    case 'boolean':
      out.push('maybe', 'TRUE', 't', 'F', '1', '0', 'yes', '', ' true', 'true ', '01');
      break;
    case 'enum':
    case 'flags': {
      const v = p.values ?? [];
      out.push('bogus', v[0]?.toUpperCase() ?? 'X', ` ${v[0]}`, `${v[0]} `, '', v[v.length - 1] ?? '');
      if (p.type === 'flags') out.push(`${v[0]},bogus`, `+${v[0]},-${v[1] ?? v[0]}`, `${v[0]}, ${v[1] ?? v[0]}`, `${v[0]} ,${v[0]}`);
      break;
    }
    case 'string':
      out.push('', 'some value', 'a,b');
      if (p.name === 'partitioner') out.push('murmur2', 'Random', ' random', 'fnv1a_random', 'bogus');
      if (p.name === 'sasl.mechanisms' || p.name === 'sasl.mechanism') out.push('PLAIN', 'SCRAM-SHA-512', 'PLAIN,GSSAPI', 'FOO');
      if (p.name === 'broker.version.fallback') out.push('0.7.1', '0.6', '0.9.0', '2.8.0');
      break;
    default:
      out.push('x');
  }
  return [...new Set(out)];
}

/** A small deterministic generator, so the misspellings are the same on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export function misspellings(table: PropertyTable, count: number): string[] {
  const names = [...new Set([...table.global, ...table.topic].map((p) => p.name))].sort();
  const known = new Set(names);
  const rand = lcg(7);
  const ops: Array<(s: string, i: number) => string> = [
    (s, i) => s.slice(0, i) + s.slice(i + 1),
    (s, i) => (i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s + 'x'),
    (s) => s.replace('.', '_'),
    (s) => s[0].toUpperCase() + s.slice(1),
    (s, i) => s.slice(0, i) + s[i] + s.slice(i),
    (s) => s + 's',
    (s) => s.replace(/\.[^.]*$/, ''),
    (s) => 'topic.' + s.replace(/^./, (c) => c.toUpperCase()),
  ];
  const out = new Set<string>();
  while (out.size < count) {
    const name = names[Math.floor(rand() * names.length)];
    const op = ops[Math.floor(rand() * ops.length)];
    const typo = op(name, Math.floor(rand() * name.length));
    if (typo && !known.has(typo) && !typo.includes('=')) out.add(typo);
  }
  return [...out];
}

export function agreementCases(table: PropertyTable, typos = 100): Case[] {
  const cases: Case[] = [];
  for (const p of [...table.global, ...table.topic]) for (const value of valuesFor(p)) cases.push({ name: p.name, value });
  for (const p of table.topic) cases.push({ name: `topic.${p.name}`, value: p.default });
  for (const name of misspellings(table, typos)) cases.push({ name, value: '1' });
  const seen = new Set<string>();
  return cases.filter((c) => {
    const key = `${c.name}=${c.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function run(cmd: string, args: string[], timeout = 15000): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout, maxBuffer: 16 << 20 }, (err: any, stdout, stderr) => {
      if (err?.code === 'ENOENT') reject(new Error(`${cmd} is not installed: run scripts/ensure-kcat.sh`));
      else resolve({ out: String(stdout) + String(stderr), code: err ? (typeof err.code === 'number' ? err.code : null) : 0 });
    });
  });
}

export async function parallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

export interface Oracle {
  verdict: 'valid' | 'invalid' | 'unknown';
  message?: string;
  creationError?: string;
  warnings: string[];
}

/** Reads kcat's or conf-probe's output. */
export function readOracle(out: string): Oracle {
  const warnings = [...out.matchAll(/CONFWARN\|[^|]*\| \[thrd:app\]: (Configuration property .*)/g)].map((m) => m[1].trim());
  const probe = /^(SET \S+|NEW) (.*)$/m.exec(out);
  const kcatErr = /% ERROR: (.*)/.exec(out);
  const msg = probe ? (probe[1] === 'NEW' ? `Failed to create: ${probe[2]}` : probe[2]) : kcatErr?.[1];
  if (!msg) return { verdict: 'valid', warnings };
  const created = /^Failed to create[^:]*: (.*)$/.exec(msg);
  if (created) return { verdict: 'valid', creationError: created[1].trim(), warnings };
  if (/^Failed to acquire metadata|^Metadata/.test(msg)) return { verdict: 'valid', warnings };
  if (msg.startsWith('No such configuration property')) return { verdict: 'unknown', message: msg.trim(), warnings };
  return { verdict: 'invalid', message: msg.trim(), warnings };
}
