// Readers for the files where PHP and memcached settings really live: php.ini / conf.d/*.ini / .user.ini, php-fpm
// pool files (`php_value[...]`, `php_admin_value[...]`, the pool's own keys), and memcached's command-line flags
// (Debian's /etc/memcached.conf, `OPTIONS=` in sysconfig files, `ExecStart=` in systemd units).
// Line-based and linear: a config file is read on every keystroke, so nothing here backtracks or recurses.
import type { Language } from '../rules/types';
import { nameTable } from './nameTable';

export type IniOrigin = 'ini' | 'php_value' | 'php_flag' | 'php_admin_value' | 'php_admin_flag' | 'fpm';

export interface IniDirective {
  /** Lower-cased directive name (`session.save_path`, or for a pool key `pm.max_requests`). */
  name: string;
  /** The value as PHP reads it: quotes removed, trailing comment and blanks dropped. */
  value: string;
  origin: IniOrigin;
  /** `[section]` the line is in ('' before any); php.ini's `[PATH=...]`/`[HOST=...]` narrow where it applies. */
  section: string;
  nameStart: number;
  nameEnd: number;
  /** Range of the value as written (quotes included); empty range right after `=` when there is no value. */
  valueStart: number;
  valueEnd: number;
  /** The whole line without its line break. */
  lineStart: number;
  lineEnd: number;
}

const FPM_PHP_SETTING = /^(php_value|php_flag|php_admin_value|php_admin_flag)\s*\[\s*([^\]\s]+)\s*\]$/i;

/** Every `name = value` line of an ini or php-fpm file, in order. Lines that are not settings are left out. */
export function parseIni(text: string, language: Language = 'ini'): IniDirective[] {
  const out: IniDirective[] = [];
  let section = '';
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const line = text.slice(lineStart, contentEnd);
    const lead = line.length - line.trimStart().length;
    const first = line[lead];
    if (first === '[') {
      const close = line.indexOf(']', lead);
      if (close > 0) section = line.slice(lead + 1, close).trim();
    } else if (first !== undefined && first !== ';' && first !== '#') {
      const eq = line.indexOf('=');
      if (eq > lead) {
        const rawName = line.slice(lead, eq).trimEnd();
        let name = rawName.toLowerCase();
        let origin: IniOrigin = language === 'fpm' ? 'fpm' : 'ini';
        const fpm = language === 'fpm' ? FPM_PHP_SETTING.exec(rawName) : null;
        let nameStart = lineStart + lead;
        if (fpm) {
          origin = fpm[1].toLowerCase() as IniOrigin;
          name = fpm[2].toLowerCase();
          nameStart = lineStart + lead + rawName.indexOf(fpm[2]);
        }
        const nameEnd = fpm ? nameStart + fpm[2].length : lineStart + lead + rawName.length;
        const value = readValue(line, eq + 1);
        out.push({
          name, value: value.value, origin, section,
          nameStart, nameEnd,
          valueStart: lineStart + value.start, valueEnd: lineStart + value.end,
          lineStart, lineEnd: lineStart + line.length,
        });
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  return out;
}

/** php.ini value syntax: `"quoted ; not a comment"`, `'raw'`, or bare text up to a `;` comment. */
function readValue(line: string, from: number): { value: string; start: number; end: number } {
  let start = from;
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start++;
  const quote = line[start];
  if (quote === '"' || quote === "'") {
    const close = line.indexOf(quote, start + 1);
    if (close > 0) return { value: line.slice(start + 1, close), start, end: close + 1 };
  }
  let end = line.indexOf(';', start);
  if (end < 0) end = line.length;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return { value: line.slice(start, end), start, end };
}

/** php.ini booleans: On/Yes/True/1 are on; Off/No/False/None/0 and empty are off. Anything else: null. */
export function iniBool(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'on' || v === 'yes' || v === 'true') return true;
  if (v === '0' || v === 'off' || v === 'no' || v === 'false' || v === 'none' || v === '') return false;
  // PHP's boolean ini handler reads any other number by its integer value.
  if (/^[+-]?\d+$/.test(v)) return Number(v) !== 0;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// memcached flags

export interface MemcachedFlag {
  /** Canonical short name: `l` (listen), `U` (UDP port), `p` (TCP port), `s` (unix socket), `S` (SASL), ... */
  flag: string;
  /** The flag as written (`-l`, `--listen`). */
  written: string;
  value: string;
  flagStart: number;
  valueStart: number;
  valueEnd: number;
  lineStart: number;
  lineEnd: number;
}

const LONG_FLAGS = nameTable<string>({
  listen: 'l', 'udp-port': 'U', port: 'p', 'unix-socket': 's', 'enable-sasl': 'S', 'memory-limit': 'm',
  'conn-limit': 'c', user: 'u', 'pidfile': 'P', daemon: 'd', 'enable-largepages': 'L',
});
/** Short flags that take no value (so the next word is not theirs). */
const NO_VALUE = new Set(['d', 'S', 'L', 'v', 'vv', 'vvv', 'k', 'M', 'r', 'h', 'i', 'V', 'C']);

/** Flags on memcached's command line as configured: every line of memcached.conf (`#` comments), or the
 * `ExecStart=`/`OPTIONS=` line of a systemd unit or sysconfig file. */
export function parseMemcachedFlags(text: string): MemcachedFlag[] {
  const out: MemcachedFlag[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const trimmed = line.trimStart();
    if (trimmed && !trimmed.startsWith('#')) {
      const assignment = /^(ExecStart|OPTIONS|MEMCACHED_OPTIONS|ENABLE_MEMCACHED)\s*=/.exec(trimmed);
      const inUnitFile = /^\[|^[A-Za-z]+=/.test(trimmed);
      if (!inUnitFile || assignment) {
        let from = assignment ? line.length - trimmed.length + assignment[0].length : 0;
        let words = line;
        while (words[from] === ' ') from++;
        const quote = words[from];
        if (quote === '"' || quote === "'") {
          // OPTIONS="-l 127.0.0.1 -U 0": blank the quotes (keeping offsets) so the flags inside are read one by one.
          const close = words.indexOf(quote, from + 1);
          words = words.slice(0, from) + ' ' + (close < 0 ? words.slice(from + 1) : words.slice(from + 1, close) + ' ' + words.slice(close + 1));
        }
        readFlags(words, from, lineStart, out);
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  return out;
}

function readFlags(line: string, from: number, base: number, out: MemcachedFlag[]): void {
  const words: Array<{ text: string; start: number }> = [];
  const re = /[^\s"']+|"[^"]*"|'[^']*'/g;
  re.lastIndex = from;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push({ text: m[0], start: m.index });
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const text = w.text.replace(/^["']|["']$/g, '');
    const offset = w.text.startsWith('"') || w.text.startsWith("'") ? 1 : 0;
    let flag: string | null = null;
    let value = '';
    let valueStart = 0;
    const long = /^--([a-z-]+)(?:=(.*))?$/.exec(text);
    if (long) {
      flag = LONG_FLAGS[long[1]] ?? long[1];
      if (long[2] !== undefined) {
        value = long[2];
        valueStart = w.start + offset + text.indexOf('=') + 1;
      }
    } else if (/^-[A-Za-z]/.test(text)) {
      flag = text[1];
      if (text.length > 2 && !NO_VALUE.has(text.slice(1))) {
        value = text.slice(2);
        valueStart = w.start + offset + 2;
      }
    }
    if (!flag) continue;
    if (!value && !NO_VALUE.has(flag) && i + 1 < words.length && !/^-/.test(words[i + 1].text)) {
      const next = words[++i];
      const quoted = next.text.startsWith('"') || next.text.startsWith("'");
      value = next.text.replace(/^["']|["']$/g, '');
      valueStart = next.start + (quoted ? 1 : 0);
    }
    if (!value) valueStart = w.start + offset + text.length;
    out.push({
      flag, written: text.split('=')[0], value,
      flagStart: base + w.start + offset,
      valueStart: base + valueStart, valueEnd: base + valueStart + value.length,
      lineStart: base, lineEnd: base + line.length,
    });
  }
}
