// Output formats of var_dump, print_r, debug_zval_dump (PHP 8.2) and the printf family.
import { formatFloat, scalarToString, toFloat, toInt } from './convert.js';
import { PFloat, isArray, isObject, isRef, isStr, isZString, strOf, type Key, type Slot, type ZObject, type Zval } from './zval.js';

function keyVarDump(k: Key): string {
  return typeof k === 'number' ? `[${k}]=>` : `["${k}"]=>`;
}

/** Property name as dumps show it: ["p"], ["p":protected], ["p":"Cls":private]. */
function propLabel(o: ZObject, name: string, quote: boolean): string {
  const decl = o.cls.propMap.get(name);
  const q = quote ? `"${name}"` : name;
  if (!decl || decl.visibility === 'public') return q;
  if (decl.visibility === 'protected') return `${q}:protected`;
  return quote ? `${q}:"${decl.declaringClass.name}":private` : `${q}:${decl.declaringClass.name}:private`;
}

/** The properties a dump shows (internal classes can present their own). */
export function dumpProps(o: ZObject): [string, Slot | undefined][] {
  if (o.internal?.debugProps) return o.internal.debugProps();
  return [...o.props.entries()];
}

function uninitType(o: ZObject, name: string): string {
  const t = o.cls.propMap.get(name)?.type ?? 'mixed';
  return `uninitialized(${t})`;
}

export function varDump(v: Slot, indent = 0, seen = new Set<object>(), refPrefix = ''): string {
  const pad = ' '.repeat(indent);
  let val: Zval;
  let amp = refPrefix;
  if (isRef(v)) {
    if (v.rc > 1) amp = '&';
    val = v.val;
  } else val = v;
  if (val === null) return `${pad}${amp}NULL\n`;
  if (typeof val === 'boolean') return `${pad}${amp}bool(${val})\n`;
  if (typeof val === 'number') return `${pad}${amp}int(${val})\n`;
  if (val instanceof PFloat) return `${pad}${amp}float(${formatFloat(val.v, 17)})\n`;
  if (isStr(val)) {
    const s = strOf(val);
    return `${pad}${amp}string(${Buffer.byteLength(s, 'latin1')}) "${s}"\n`;
  }
  if (isArray(val)) {
    if (seen.has(val)) return `${pad}*RECURSION*\n`;
    let out = `${pad}${amp}array(${val.ht.size}) {\n`;
    if (!val.immutable) seen.add(val);
    for (const [k, s] of val.ht) out += `${pad}  ${keyVarDump(k)}\n` + varDump(s!, indent + 2, seen);
    seen.delete(val);
    return out + `${pad}}\n`;
  }
  const o = val as ZObject;
  if (o.cls.enumKind) return `${pad}${amp}enum(${o.cls.name}::${strOf(o.props.get('name') as string)})\n`;
  if (seen.has(o)) return `${pad}*RECURSION*\n`;
  seen.add(o);
  const props = dumpProps(o);
  const count = props.filter(([, s]) => s !== undefined).length;
  let out = `${pad}${amp}object(${o.cls.name})#${o.handle} (${count}) {\n`;
  for (const [name, s] of props) {
    out += `${pad}  [${propLabel(o, name, true)}]=>\n`;
    out += s === undefined ? `${pad}  ${uninitType(o, name)}\n` : varDump(s, indent + 2, seen);
  }
  seen.delete(o);
  return out + `${pad}}\n`;
}

export function debugZvalDump(v: Slot, indent = 0, seen = new Set<object>()): string {
  const pad = ' '.repeat(indent);
  if (isRef(v)) {
    return `${pad}reference refcount(${v.rc}) {\n` + debugZvalDump(v.val, indent + 2, seen) + `${pad}}\n`;
  }
  const val = v;
  if (val === null) return `${pad}NULL\n`;
  if (typeof val === 'boolean') return `${pad}bool(${val})\n`;
  if (typeof val === 'number') return `${pad}int(${val})\n`;
  if (val instanceof PFloat) return `${pad}float(${formatFloat(val.v, 17)})\n`;
  if (isStr(val)) {
    const s = strOf(val);
    const rc = isZString(val) ? `refcount(${val.rc})` : 'interned';
    return `${pad}string(${Buffer.byteLength(s, 'latin1')}) "${s}" ${rc}\n`;
  }
  if (isArray(val)) {
    if (seen.has(val)) return `${pad}*RECURSION*\n`;
    let out = val.immutable ? `${pad}array(${val.ht.size}) interned {\n` : `${pad}array(${val.ht.size}) refcount(${val.rc}){\n`;
    if (!val.immutable) seen.add(val);
    for (const [k, s] of val.ht) out += `${pad}  ${keyVarDump(k)}\n` + debugZvalDump(s!, indent + 2, seen);
    seen.delete(val);
    return out + `${pad}}\n`;
  }
  const o = val as ZObject;
  if (seen.has(o)) return `${pad}*RECURSION*\n`;
  seen.add(o);
  const props = dumpProps(o);
  const count = props.filter(([, s]) => s !== undefined).length;
  let out = `${pad}object(${o.cls.name})#${o.handle} (${count}) refcount(${o.rc}){\n`;
  for (const [name, s] of props) {
    out += `${pad}  [${propLabel(o, name, true)}]=>\n`;
    out += s === undefined ? `${pad}  ${uninitType(o, name)}\n` : debugZvalDump(s, indent + 2, seen);
  }
  seen.delete(o);
  return out + `${pad}}\n`;
}

export function printR(v: Slot, indent = 0, seen = new Set<object>()): string {
  const val = isRef(v) ? v.val : v;
  if (isArray(val)) {
    if (seen.has(val)) return 'Array\n *RECURSION*';
    if (!val.immutable) seen.add(val);
    const out = 'Array\n' + printHash([...val.ht.entries()].map(([k, s]) => [String(k), s]), indent, seen);
    seen.delete(val);
    return out;
  }
  if (isObject(val)) {
    if (seen.has(val)) return `${val.cls.name} Object\n *RECURSION*`;
    seen.add(val);
    const entries = dumpProps(val)
      .filter(([, s]) => s !== undefined)
      .map(([k, s]) => [propLabel(val, k, false), s] as [string, Slot | undefined]);
    const kind = val.cls.enumKind ? (val.cls.enumKind === 'pure' ? 'Enum' : `Enum:${val.cls.enumKind}`) : 'Object';
    const out = `${val.cls.name} ${kind}\n` + printHash(entries, indent, seen);
    seen.delete(val);
    return out;
  }
  return scalarToString(val as Zval);
}

function printHash(entries: [string, Slot | undefined][], indent: number, seen: Set<object>): string {
  let out = ' '.repeat(indent) + '(\n';
  for (const [k, s] of entries) {
    out += ' '.repeat(indent + 4) + `[${k}] => ` + printR(s!, indent + 8, seen) + '\n';
  }
  return out + ' '.repeat(indent) + ')\n';
}

/** php_var_export_ex (8.2): `level` is PHP's indentation level (1 at the top); `onRecursion` is told when a
 * value contains itself (PHP warns and exports NULL). */
export function varExport(v: Slot | undefined, level = 1, seen = new Set<object>(), onRecursion: () => void = () => {}): string {
  const val = v === undefined ? null : isRef(v) ? v.val : v;
  if (val === null) return 'NULL';
  if (typeof val === 'boolean') return val ? 'true' : 'false';
  if (typeof val === 'number') return String(val);
  if (val instanceof PFloat) {
    const f = formatFloat(val.v, 17);
    return Number.isFinite(val.v) && !/[.eE]/.test(f) ? f + '.0' : f;
  }
  if (isStr(val)) return exportString(strOf(val));
  const lead = level > 1 ? '\n' + ' '.repeat(level - 1) : '';
  const close = level > 1 ? ' '.repeat(level - 1) : '';
  if (seen.has(val)) {
    onRecursion();
    return 'NULL';
  }
  if (isArray(val)) {
    if (!val.immutable) seen.add(val);
    let out = `${lead}array (\n`;
    for (const [k, s] of val.ht) {
      out += `${' '.repeat(level + 1)}${typeof k === 'number' ? k : exportString(k)} => ${varExport(s, level + 2, seen, onRecursion)},\n`;
    }
    seen.delete(val);
    return `${out}${close})`;
  }
  const o = val as ZObject;
  if (o.cls.enumKind) return `${lead}\\${o.cls.name}::${strOf(o.props.get('name') as string)}`;
  seen.add(o);
  const std = o.cls.name === 'stdClass';
  let out = lead + (std ? '(object) array(\n' : `\\${o.cls.name}::__set_state(array(\n`);
  for (const [k, s] of dumpProps(o)) {
    if (s === undefined) continue;
    out += `${' '.repeat(level + 2)}'${k.replace(/[\\']/g, '\\$&')}' => ${varExport(s, level + 2, seen, onRecursion)},\n`;
  }
  seen.delete(o);
  return `${out}${close}${std ? ')' : '))'}`;
}

/** A single-quoted PHP string literal; NUL bytes are spliced in as "\0". */
function exportString(s: string): string {
  return `'${s.replace(/[\\']/g, '\\$&').split('\0').join(`' . "\\0" . '`)}'`;
}

/** php_formatted_print: %[argnum$][flags][width][.precision]specifier. `str` converts an argument to string. */
/** A PHP error an internal function raises (the caller throws it as that class in the simulated program). */
export class PhpError extends Error {
  constructor(readonly cls: string, message: string) {
    super(message);
  }
}

export function sprintf(format: string, args: Zval[], str: (v: Zval) => string): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    i++;
    if (format[i] === '%') {
      out += '%';
      continue;
    }
    const m = /^(?:(\d+)\$)?((?:[-+ 0]|'.)*)(\d+)?(?:\.(\d+))?(.?)/s.exec(format.slice(i))!;
    i += m[0].length - 1;
    // PHP checks that the argument exists before it looks at the conversion letter.
    const argIndex = m[1] ? parseInt(m[1], 10) - 1 : argi++;
    const arg: Zval = args[argIndex];
    if (arg === undefined) throw new PhpError('ArgumentCountError', `${argIndex + 2} arguments are required, ${args.length + 1} given`);
    if (m[5] === '') throw new PhpError('ValueError', 'Missing format specifier at end of string');
    if (!'bcdeEfFgGosuxX'.includes(m[5])) throw new PhpError('ValueError', `Unknown format specifier "${m[5]}"`);
    let left = false;
    let plus = false;
    let padChar = ' ';
    const flags = m[2];
    for (let j = 0; j < flags.length; j++) {
      const f = flags[j];
      if (f === '-') left = true;
      else if (f === '+') plus = true;
      else if (f === '0') padChar = '0';
      else if (f === ' ') padChar = ' ';
      else if (f === "'") padChar = flags[++j];
    }
    const width = m[3] ? parseInt(m[3], 10) : 0;
    const prec = m[4] !== undefined ? parseInt(m[4], 10) : undefined;
    let s: string;
    switch (m[5]) {
      case 'd': {
        const n = toInt(arg);
        s = (n >= 0 && plus ? '+' : '') + String(n);
        break;
      }
      case 'u': {
        const n = toInt(arg);
        s = n < 0 ? (BigInt(n) + (1n << 64n)).toString() : String(n);
        break;
      }
      case 'f':
      case 'F': {
        const n = toFloat(arg);
        s = (n >= 0 && plus ? '+' : '') + n.toFixed(prec ?? 6);
        break;
      }
      case 'e':
      case 'E': {
        const n = toFloat(arg);
        const [mant, exp] = n.toExponential(prec ?? 6).split('e');
        s = (n >= 0 && plus ? '+' : '') + mant + (m[5] === 'e' ? 'e' : 'E') + (exp.startsWith('-') ? exp : '+' + exp.replace('+', ''));
        break;
      }
      case 'g':
      case 'G':
        s = formatFloat(toFloat(arg), prec === 0 ? 1 : prec ?? 6);
        break;
      case 's': {
        s = str(arg);
        if (prec !== undefined) s = s.slice(0, prec);
        break;
      }
      case 'x':
        s = toUnsigned(toInt(arg)).toString(16);
        break;
      case 'X':
        s = toUnsigned(toInt(arg)).toString(16).toUpperCase();
        break;
      case 'o':
        s = toUnsigned(toInt(arg)).toString(8);
        break;
      case 'b':
        s = toUnsigned(toInt(arg)).toString(2);
        break;
      case 'c':
        s = String.fromCharCode(toInt(arg) & 255);
        out += s;
        continue;
      default:
        s = '';
    }
    if (s.length < width) {
      if (left) s = s + (padChar === '0' ? ' ' : padChar).repeat(width - s.length);
      else if (padChar === '0' && /^[+-]/.test(s) && 'deEfF'.includes(m[5])) s = s[0] + '0'.repeat(width - s.length) + s.slice(1);
      else s = padChar.repeat(width - s.length) + s;
    }
    out += s;
  }
  return out;
}

function toUnsigned(n: number): bigint {
  return n < 0 ? BigInt(n) + (1n << 64n) : BigInt(n);
}
