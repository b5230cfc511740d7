// What librdkafka's rd_kafka_conf_set / rd_kafka_topic_conf_set answer for one name=value, reproduced exactly
// (FACTS.md 7): the table lookup order, alias resolution, and each type's loose parsing (strtol/strtod prefixes,
// hex, octal, `+`, int wrap-around, case-insensitive enums and bools, `t`/`f`/`1`/`0`, left-trimmed strings and flag
// items, no right trim). Messages are librdkafka's own text, so php-rdkafka's RdKafka\Exception says the same.
import { indexOf, type Property, type PropertyTable } from './table';
import { nameTable } from '../../core/nameTable';

export type Verdict = 'valid' | 'invalid' | 'unknown';

export interface SetResult {
  verdict: Verdict;
  /** librdkafka's errstr for invalid/unknown. */
  message?: string;
  /** The canonical property the value landed on (aliases resolved). */
  property?: Property;
  table?: 'global' | 'topic';
  /** The verdict depends on the machine it runs on (plugin.library.paths loads shared libraries): tools must not
   * judge it from the source. */
  machineDependent?: boolean;
  /** The value librdkafka stores, parsed (numbers for integer/float/boolean, canonical names for enums). */
  parsed?: number | string | boolean | null;
}

/** Where a name is looked up: php-rdkafka's Conf::set (global, then topic), TopicConf::set (topic only), or kcat's
 * `-X` (topic first, then Conf::set). */
export type SetOrder = 'conf' | 'topicConf' | 'kcat';

const SPACE = /[ \t\n\v\f\r]/;

function leftTrim(s: string): string {
  let i = 0;
  while (i < s.length && SPACE.test(s[i])) i++;
  return s.slice(i);
}

/** C strtol(value, &end, 0) then (int): null when no digits were consumed. */
export function strtolInt(value: string): number | null {
  let i = 0;
  while (i < value.length && SPACE.test(value[i])) i++;
  let negative = false;
  if (value[i] === '+' || value[i] === '-') { negative = value[i] === '-'; i++; }
  let base = 10;
  let digits = '';
  if (value[i] === '0' && (value[i + 1] === 'x' || value[i + 1] === 'X') && /[0-9a-fA-F]/.test(value[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (value[i] === '0') base = 8;
  const valid = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  while (i < value.length && valid.test(value[i])) digits += value[i++];
  if (!digits) return null;
  let n = BigInt(base === 16 ? '0x' + digits : base === 8 ? '0o' + digits : digits);
  if (negative) n = -n;
  // strtol saturates at the 64-bit limits; the (int) cast keeps the low 32 bits.
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  if (n > max) n = max;
  if (n < min) n = min;
  return Number(BigInt.asIntN(32, n));
}

/** C strtod(value, &end): null when no number was consumed. */
export function strtod(value: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:(inf(?:inity)?)|(nan)(?:\([0-9A-Za-z_]*\))?|0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(value);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2]) return sign * Infinity;
  if (m[3]) return NaN;
  if (m[4] !== undefined) {
    const [int, frac = ''] = m[4].split('.');
    let n = parseInt(int || '0', 16);
    for (let k = 0; k < frac.length; k++) n += parseInt(frac[k], 16) / 16 ** (k + 1);
    return sign * n * 2 ** Number(m[5] ?? 0);
  }
  return sign * Number(m[6]);
}

/** C printf("%g"). */
export function formatG(n: number): string {
  if (Number.isNaN(n)) return n < 0 ? '-nan' : 'nan';
  if (!Number.isFinite(n)) return n < 0 ? '-inf' : 'inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = Number(n.toExponential(5).split('e')[1]);
  if (exp < -4 || exp >= 6) {
    const [mant, e] = n.toExponential(5).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const ev = Number(e);
    return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  const fixed = n.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

const PARTITIONERS = ['random', 'consistent', 'consistent_random', 'murmur2', 'murmur2_random', 'fnv1a', 'fnv1a_random'];

/** String properties librdkafka checks when set although the table lists them as plain strings. */
const STRING_CHECKS = nameTable<(v: string) => boolean>({
  partitioner: (v) => PARTITIONERS.includes(v),
  'sasl.mechanisms': (v) => !v.includes(',') && !v.includes(' '),
  'broker.version.fallback': (v) => !v.startsWith('0.7.') && !v.startsWith('0.6.'),
});

/** C's "%s" of a NULL pointer, as glibc prints it. */
const shown = (v: string | null) => (v === null ? '(null)' : v);

function setProperty(p: Property, raw: string | null): SetResult {
  const name = p.name;
  const bad = (message: string): SetResult => ({ verdict: 'invalid', message, property: p });
  const ok = (parsed: SetResult['parsed']): SetResult => ({ verdict: 'valid', property: p, parsed });
  if (p.unsupported) return bad(`Configuration property "${name}" not supported in this build: ${p.unsupported}`);
  switch (p.type) {
    case 'string':
    case 'patterns': {
      const value = raw === null ? null : leftTrim(raw);
      const check = STRING_CHECKS[name];
      if (check && (value === null || !check(value))) return bad(`Invalid value for configuration property "${name}": ${shown(value)}`);
      if (p.loads && value !== null) return { ...ok(value), machineDependent: true };
      return ok(value);
    }
    case 'pointer':
      return bad(`Property "${name}" must be set through dedicated .._set_..() function`);
    case 'internal':
      return bad(`Internal property "${name}" not settable`);
    case 'boolean': {
      if (raw === null) return bad(`Bool configuration property "${name}" cannot be set to empty value`);
      const lower = raw.toLowerCase();
      if (lower === 'true' || lower === 't' || raw === '1') return ok(true);
      if (lower === 'false' || lower === 'f' || raw === '0') return ok(false);
      return bad(`Expected bool value for "${name}": true or false`);
    }
    case 'integer': {
      if (raw === null) return bad(`Integer configuration property "${name}" cannot be set to empty value`);
      let n = strtolInt(raw);
      if (n === null) {
        const word = Object.entries(p.words ?? {}).find(([w]) => w.toLowerCase() === raw.toLowerCase());
        if (!word) return bad(`Invalid value for configuration property "${name}"`);
        n = word[1];
      }
      const [min, max] = p.range ?? [-2147483648, 2147483647];
      if (n < min || n > max) return bad(`Configuration property "${name}" value ${n} is outside allowed range ${min}..${max}\n`);
      return ok(n);
    }
    case 'float': {
      if (raw === null) return bad(`Float configuration property "${name}" cannot be set to empty value`);
      const n = strtod(raw);
      if (n === null) return bad(`Invalid value for configuration property "${name}"`);
      const [min, max] = p.range ?? [-Infinity, Infinity];
      if (n < min || n > max) return bad(`Configuration property "${name}" value ${formatG(n)} is outside allowed range ${formatG(min)}..${formatG(max)}\n`);
      return ok(n);
    }
    case 'enum':
    case 'flags': {
      if (raw === null) return bad(`Configuration property "${name}" cannot be set to empty value`);
      // Enums take the whole string; flags split on commas. Items are left-trimmed only: librdkafka's right trim
      // looks at the character after the item, so "earliest " is rejected.
      const items = p.type === 'flags' ? raw.split(',') : [raw];
      let last: string | null = null;
      for (let item of items) {
        item = leftTrim(item);
        if (p.type === 'flags' && (item[0] === '+' || item[0] === '-')) item = item.slice(1);
        if (!item) continue;
        const match = (p.values ?? []).find((v) => v.toLowerCase() === item.toLowerCase());
        if (!match) return bad(`Invalid value "${item}" for configuration property "${name}"`);
        const why = p.unsupportedValues?.[match];
        if (why) return bad(`Unsupported value "${item}" for configuration property "${name}": ${why}`);
        last = match;
        if (p.type === 'enum') break;
      }
      return ok(p.type === 'enum' ? last : raw);
    }
  }
}

function setIn(table: PropertyTable, which: 'global' | 'topic', name: string, value: string | null, depth = 0): SetResult | null {
  const index = indexOf(table)[which];
  const p = index.get(name);
  if (!p) {
    if (which === 'global' && table.hidden.includes(name)) return { verdict: 'valid', table: which, parsed: value };
    return null;
  }
  if (p.aliasOf && depth < 4) return setIn(table, which, p.aliasOf, value, depth + 1);
  return { ...setProperty(p, value), table: which };
}

const unknown = (name: string): SetResult => ({ verdict: 'unknown', message: `No such configuration property: "${name}"` });

function topicSet(table: PropertyTable, name: string, value: string | null): SetResult {
  const stripped = name.startsWith('topic.') ? name.slice('topic.'.length) : name;
  return setIn(table, 'topic', stripped, value) ?? unknown(stripped);
}

function confSet(table: PropertyTable, name: string, value: string | null): SetResult {
  return setIn(table, 'global', name, value) ?? topicSet(table, name, value);
}

/** librdkafka's answer to setting `name` to `value` (a PHP string; '' counts as unset, as librdkafka treats it). */
export function setConf(table: PropertyTable, name: string, value: string, order: SetOrder = 'conf'): SetResult {
  const v = value === '' ? null : value;
  if (order === 'topicConf') return topicSet(table, name, v);
  if (order === 'conf') return confSet(table, name, v);
  // kcat: the topic configuration first ("topic." stripped once by kcat and once more by librdkafka), then Conf::set.
  const first = topicSet(table, name.startsWith('topic.') ? name.slice('topic.'.length) : name, v);
  return first.verdict === 'unknown' ? confSet(table, name, v) : first;
}
