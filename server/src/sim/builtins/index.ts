// Built-in functions the supported subset uses. Each returns an owned value; arguments are owned by the caller
// (released without a root check after the call, as zend_vm_stack_free_args does for internal functions).
import type { FuncDef, NativeCtx } from '../functions.js';
import type { Machine } from '../machine.js';
import { chargeMemory, initArrayData, newArray, newRef, newString } from '../alloc.js';
import { arrayAppend, arrayDelete, arraySet, dupArray } from '../arrays.js';
import { addref, release } from '../refcount.js';
import { collectCycles } from '../collector.js';
import { compare, formatFloat, looseEquals, normalizeKey, parseNumeric, strictEquals, toBool, toFloat, toInt } from '../convert.js';
import { debugZvalDump, printR, sprintf, varDump, varExport, PhpError } from '../format.js';
import { BASELINE_MEMORY } from '../machine.js';
import { copyOut, runtimeString, toStr } from '../values.js';
import { stringSize, bin, smartStrSize } from '../memory.js';
import { PFloat, isArray, isObject, isRef, isStr, isZString, strOf, type Slot, type ZArray, type ZObject, type ZRef, type Zval } from '../zval.js';
import { Unsupported } from '../errors.js';
import { generatorEntries, isGeneratorObject } from '../generators.js';
import { givenName } from '../types.js';

type Impl = (c: NativeCtx) => Zval;
export const nativeFunctions = new Map<string, FuncDef>();

function def(name: string, impl: Impl, byRef: number[] = []): void {
  nativeFunctions.set(name, {
    name, kind: 'function', params: [], body: null, expr: null, isStatic: false, byRefReturn: false, cls: null,
    visibility: 'public', isAbstract: false, cvs: [], statics: null, returnType: null, node: null, native: impl,
    nativeByRef: byRef, line: 0,
  });
}

function arg(c: NativeCtx, i: number): Zval {
  const s = c.args[i];
  return s === undefined ? null : isRef(s) ? s.val : s;
}

function argRef(c: NativeCtx, i: number): ZRef {
  const s = c.args[i];
  if (!isRef(s)) throw new Unsupported(c.line, 'by-reference argument must be a variable');
  return s;
}

function out(m: Machine, s: string): void {
  // Late import avoided: the interpreter's echo handles the first-output allocation.
  echoFn(m, s);
}
let echoFn: (m: Machine, s: string) => void = () => {};
let callFn: (m: Machine, callable: Zval, args: Zval[]) => Zval = () => null;
let materialize: (m: Machine, o: any) => void = () => {};
let methodFn: (m: Machine, o: ZObject, name: string) => Zval = () => null;
let findMethodFn: (o: ZObject, lc: string) => boolean = () => false;
let isCountable: (o: ZObject) => boolean = () => false;
/** Calls of a user method from a built-in (count() on a Countable, ...), wired by the interpreter. */
export function wireMethods(call: typeof methodFn, has: typeof findMethodFn, countable: typeof isCountable): void {
  methodFn = call;
  findMethodFn = has;
  isCountable = countable;
}
export function wireBuiltins(echo: typeof echoFn, call: typeof callFn, mat: typeof materialize): void {
  echoFn = echo;
  callFn = call;
  materialize = mat;
}

function str(m: Machine, v: Zval): string {
  return toStr(m, v);
}

function arr(c: NativeCtx, i: number, fn: string): ZArray {
  const v = arg(c, i);
  if (!isArray(v)) throwType(c, `${fn}(): Argument #${i + 1} must be of type array, ${givenName(v)} given`);
  return v;
}

let throwTypeFn: (m: Machine, cls: string, msg: string) => never = () => {
  throw new Error('unwired');
};
export function wireErrors(f: typeof throwTypeFn) {
  throwTypeFn = f;
}
function throwType(c: NativeCtx, msg: string): never {
  throwTypeFn(c.m, 'TypeError', msg);
}
function throwValue(c: NativeCtx, msg: string): never {
  throwTypeFn(c.m, 'ValueError', msg);
}

/** Before a built-in makes a string of `length` bytes: past the memory limit PHP stops with "Allowed memory size
 * exhausted", and a JavaScript string that long could not be made at all (the simulator threw). */
function makeRoomFor(c: NativeCtx, length: number): void {
  const size = bin(length + 32);
  if (c.m.memory + size > c.m.opts.maxMemory) chargeMemory(c.m, size);
  if (length > MAX_JS_STRING) throw new Unsupported(c.line, 'a string this long is more than the simulator can hold');
}
/** V8's longest string (2^29 - 24 UTF-16 units). */
const MAX_JS_STRING = 2 ** 29 - 24;


function fromList(m: Machine, items: Zval[]): ZArray {
  const a = newArray(m, items.length);
  for (const v of items) arrayAppend(m, a, v);
  return a;
}

/** A fresh array for results of array_* functions (zend_new_array(n) sizing). */
function sized(m: Machine, n: number): ZArray {
  return newArray(m, n);
}

function slots(a: ZArray): [string | number, Slot][] {
  return [...a.ht.entries()] as [string | number, Slot][];
}

function val(s: Slot | undefined): Zval {
  return s === undefined ? null : isRef(s) ? s.val : s;
}

// --- output -------------------------------------------------------------------------------------------------
def('var_dump', (c) => {
  for (const s of c.args) {
    if (isObject(val(s))) materialize(c.m, val(s));
    out(c.m, varDump(s));
  }
  return null;
});
def('print_r', (c) => {
  const v = arg(c, 0);
  if (isObject(v)) materialize(c.m, v);
  const s = printR(v);
  if (toBool(arg(c, 1))) return s.length ? newString(c.m, s, smartStrSize(s.length)) : '';
  out(c.m, s);
  return true;
});
def('var_export', (c) => {
  const v = arg(c, 0);
  if (isObject(v)) materialize(c.m, v);
  const onRecursion = () => c.m.stderr.push(`PHP Warning:  var_export does not handle circular references in ${c.m.opts.file} on line ${c.line}\n`);
  const s = varExport(v, 1, new Set(), onRecursion);
  // Measured on 8.2: the returned string occupies bin(length + 32), as str_repeat's do.
  if (toBool(arg(c, 1))) return newString(c.m, s, bin(s.length + 32));
  out(c.m, s);
  return null;
});
def('debug_zval_dump', (c) => {
  for (const s of c.args) {
    if (isObject(val(s))) materialize(c.m, val(s));
    out(c.m, debugZvalDump(val(s)));
  }
  return null;
});
/** sprintf's formatting with its PHP errors thrown into the simulated program, as PHP throws them. */
function formatted(c: Parameters<Parameters<typeof def>[1]>[0], format: string, args: Zval[]): string {
  try {
    return sprintf(format, args, (v) => str(c.m, v));
  } catch (e) {
    if (e instanceof PhpError) throwTypeFn(c.m, e.cls, e.message);
    throw e;
  }
}

def('printf', (c) => {
  const s = formatted(c, str(c.m, arg(c, 0)), c.args.slice(1).map(val));
  out(c.m, s);
  return s.length;
});
def('sprintf', (c) => runtimeString(c.m, formatted(c, str(c.m, arg(c, 0)), c.args.slice(1).map(val))));
def('vsprintf', (c) => runtimeString(c.m, formatted(c, str(c.m, arg(c, 0)), [...arr(c, 1, 'vsprintf').ht.values()].map(val))));
def('number_format', (c) => {
  const n = toFloat(arg(c, 0));
  const dec = c.args.length > 1 ? toInt(arg(c, 1)) : 0;
  const dp = c.args.length > 2 ? str(c.m, arg(c, 2)) : '.';
  const ts = c.args.length > 3 ? str(c.m, arg(c, 3)) : ',';
  const fixed = Math.abs(n).toFixed(dec);
  const [ip, fp] = fixed.split('.');
  // A function, not the separator itself: `$&`, `$'` or `$1` in a replacement string are patterns to String#replace.
  const grouped = ip.replace(/\B(?=(\d{3})+(?!\d))/g, () => ts);
  const r = (n < 0 && Number(fixed) !== 0 ? '-' : '') + grouped + (fp ? dp + fp : '');
  return runtimeString(c.m, r);
});

// --- GC and memory ------------------------------------------------------------------------------------------
def('gc_collect_cycles', (c) => collectCycles(c.m, 'gc_collect_cycles'));
def('gc_enable', (c) => {
  c.m.gc.enabled = true;
  return null;
});
def('gc_disable', (c) => {
  c.m.gc.enabled = false;
  return null;
});
def('gc_enabled', (c) => c.m.gc.enabled);
def('gc_status', (c) => {
  const m = c.m;
  const a = newArray(m, 4, false);
  arraySet(m, a, 'runs', m.gc.runs);
  arraySet(m, a, 'collected', m.gc.collected);
  arraySet(m, a, 'threshold', m.gc.threshold);
  arraySet(m, a, 'roots', m.gc.numRoots);
  return a;
});
def('memory_get_usage', (c) => BASELINE_MEMORY + c.m.memory);
def('memory_get_peak_usage', (c) => BASELINE_MEMORY + c.m.peak);
def('memory_reset_peak_usage', (c) => {
  c.m.peak = c.m.memory;
  return null;
});

// --- strings ------------------------------------------------------------------------------------------------
def('str_repeat', (c) => {
  const unit = str(c.m, arg(c, 0));
  const times = toInt(arg(c, 1));
  if (times < 0) throwValue(c, 'str_repeat(): Argument #2 ($times) must be greater than or equal to 0');
  if (!unit.length || !times) return '';
  makeRoomFor(c, unit.length * times);
  const s = unit.repeat(times);
  return newString(c.m, s, bin(s.length + 32));
});
def('strlen', (c) => Buffer.byteLength(str(c.m, arg(c, 0)), 'latin1'));
def('substr', (c) => {
  const v = arg(c, 0);
  const s = str(c.m, v);
  let start = toInt(arg(c, 1));
  if (start < 0) start = Math.max(0, s.length + start);
  if (start > s.length) return '';
  let len = c.args.length > 2 && arg(c, 2) !== null ? toInt(arg(c, 2)) : s.length - start;
  if (len < 0) len = Math.max(0, s.length - start + len);
  const r = s.substr(start, len);
  if (r.length === s.length && isStr(v)) return copyOut(v);
  return runtimeString(c.m, r, true);
});
def('chr', (c) => String.fromCharCode(((toInt(arg(c, 0)) % 256) + 256) % 256));
def('ord', (c) => {
  const s = str(c.m, arg(c, 0));
  return s.length ? s.charCodeAt(0) : 0;
});
// Case and character lists as PHP 8.2 has them: bytes, and only ASCII letters change case (a UTF-8 é or ☃ is left
// as its bytes; JavaScript's Unicode case mapping turned those bytes into others).
const asciiUpper = (s: string) => s.replace(/[a-z]+/g, (m) => m.toUpperCase());
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
def('strtoupper', (c) => strResult(c, asciiUpper(str(c.m, arg(c, 0)))));
def('strtolower', (c) => strResult(c, asciiLower(str(c.m, arg(c, 0)))));
def('ucfirst', (c) => {
  const s = str(c.m, arg(c, 0));
  return strResult(c, asciiUpper(s.charAt(0)) + s.slice(1));
});
def('lcfirst', (c) => {
  const s = str(c.m, arg(c, 0));
  return strResult(c, asciiLower(s.charAt(0)) + s.slice(1));
});
def('ucwords', (c) => {
  const s = str(c.m, arg(c, 0));
  const delimiters = charMask(c.args.length > 1 ? str(c.m, arg(c, 1)) : ' \t\r\n\f\v');
  let out = '';
  // As PHP walks it: the character before is read as already changed (`ucwords("abc", "abc")` is "AbC").
  for (let i = 0; i < s.length; i++) out += i === 0 || delimiters.has(out[i - 1]) ? asciiUpper(s[i]) : s[i];
  return strResult(c, out);
});
const TRIMMED = ' \t\n\r\0\x0B';
/** trim's and ucwords' list of characters, `a..z` a range (php_charmask). */
function charMask(list: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    if (i + 3 < list.length && list[i + 1] === '.' && list[i + 2] === '.' && list[i + 3] >= list[i]) {
      for (let code = list.charCodeAt(i); code <= list.charCodeAt(i + 3); code++) out.add(String.fromCharCode(code));
      i += 3;
    } else out.add(list[i]);
  }
  return out;
}
function trimmed(c: NativeCtx, left: boolean, right: boolean): Zval {
  const s = str(c.m, arg(c, 0));
  const mask = charMask(c.args.length > 1 ? str(c.m, arg(c, 1)) : TRIMMED);
  let start = 0;
  let end = s.length;
  if (left) while (start < end && mask.has(s[start])) start++;
  if (right) while (end > start && mask.has(s[end - 1])) end--;
  return strResult(c, s.slice(start, end));
}
def('trim', (c) => trimmed(c, true, true));
def('rtrim', (c) => trimmed(c, false, true));
def('ltrim', (c) => trimmed(c, true, false));
def('strrev', (c) => runtimeString(c.m, [...str(c.m, arg(c, 0))].reverse().join('')));
def('str_pad', (c) => {
  const s = str(c.m, arg(c, 0));
  const len = toInt(arg(c, 1));
  const pad = c.args.length > 2 ? str(c.m, arg(c, 2)) : ' ';
  const type = c.args.length > 3 ? toInt(arg(c, 3)) : 1;
  // Nothing to pad: the string itself, or the one a number was turned into (one character: interned, as strval).
  if (len <= s.length) return isStr(arg(c, 0)) ? copyOut(arg(c, 0)) : s.length <= 1 ? s : runtimeString(c.m, s);
  if (!pad.length) throwValue(c, 'str_pad(): Argument #3 ($pad_string) must be a non-empty string');
  if (type < 0 || type > 2) throwValue(c, 'str_pad(): Argument #4 ($pad_type) must be STR_PAD_LEFT, STR_PAD_RIGHT, or STR_PAD_BOTH');
  makeRoomFor(c, len);
  const total = len - s.length;
  const mk = (n: number) => pad.repeat(Math.ceil(n / pad.length)).slice(0, n);
  if (type === 0) return runtimeString(c.m, mk(total) + s);
  if (type === 2) return runtimeString(c.m, mk(Math.floor(total / 2)) + s + mk(Math.ceil(total / 2)));
  return runtimeString(c.m, s + mk(total));
});
def('str_contains', (c) => str(c.m, arg(c, 0)).includes(str(c.m, arg(c, 1))));
def('str_starts_with', (c) => str(c.m, arg(c, 0)).startsWith(str(c.m, arg(c, 1))));
def('str_ends_with', (c) => str(c.m, arg(c, 0)).endsWith(str(c.m, arg(c, 1))));
def('strpos', (c) => {
  const haystack = str(c.m, arg(c, 0));
  // A negative offset counts from the end; either way it must fall inside the haystack (its end included).
  let offset = c.args.length > 2 ? toInt(arg(c, 2)) : 0;
  if (offset < 0) offset += haystack.length;
  if (offset < 0 || offset > haystack.length) throwValue(c, 'strpos(): Argument #3 ($offset) must be contained in argument #1 ($haystack)');
  const i = haystack.indexOf(str(c.m, arg(c, 1)), offset);
  return i < 0 ? false : i;
});
def('str_replace', (c) => {
  const subject = arg(c, 2);
  const s = str(c.m, subject);
  const search = arg(c, 0);
  const rep = arg(c, 1);
  if (isArray(search) || isArray(rep)) throw new Unsupported(c.line, 'str_replace with arrays');
  const needle = str(c.m, search);
  // An empty search replaces nothing (splitting on '' would put the replacement between every character).
  const r = needle === '' ? s : s.split(needle).join(str(c.m, rep));
  if (r === s && isStr(subject)) return copyOut(subject);
  return runtimeString(c.m, r);
});
def('str_split', (c) => {
  const s = str(c.m, arg(c, 0));
  const n = c.args.length > 1 ? toInt(arg(c, 1)) : 1;
  if (n < 1) throwValue(c, 'str_split(): Argument #2 ($length) must be greater than 0');
  const parts: Zval[] = [];
  for (let i = 0; i < s.length; i += n) parts.push(runtimeString(c.m, s.slice(i, i + n), true));
  return fromList(c.m, parts.length ? parts : ['']);
});
def('implode', (c) => {
  let sep = arg(c, 0);
  let a = arg(c, 1);
  if (isArray(sep)) [sep, a] = [a ?? '', sep];
  if (!isArray(a)) throwType(c, 'implode(): Argument #2 ($array) must be of type ?array, ' + givenName(a) + ' given');
  const vals = [...a.ht.values()].map(val);
  if (vals.length === 1 && isStr(vals[0])) return copyOut(vals[0]);
  return runtimeString(c.m, vals.map((v) => str(c.m, v)).join(str(c.m, sep)));
});
nativeFunctions.set('join', nativeFunctions.get('implode')!);
def('explode', (c) => {
  const sep = str(c.m, arg(c, 0));
  if (sep === '') throwValue(c, 'explode(): Argument #1 ($separator) cannot be empty');
  const s = str(c.m, arg(c, 1));
  let parts = s.split(sep);
  if (c.args.length > 2) {
    // At most `limit` pieces, the last holding the rest; a negative limit drops that many from the end; 0 is 1.
    const limit = toInt(arg(c, 2)) || 1;
    if (limit > 0 && parts.length > limit) parts = [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(sep)];
    else if (limit < 0) parts = parts.slice(0, limit);
  }
  return fromList(c.m, parts.map((p) => runtimeString(c.m, p, true)));
});
def('strval', (c) => {
  const v = arg(c, 0);
  if (isStr(v)) return copyOut(v);
  const s = str(c.m, v);
  return s.length <= 1 && !isObject(v) ? s : runtimeString(c.m, s);
});
def('intval', (c) => toInt(arg(c, 0)));
def('floatval', (c) => new PFloat(toFloat(arg(c, 0))));
def('boolval', (c) => toBool(arg(c, 0)));
def('spl_object_id', (c) => {
  const v = arg(c, 0);
  if (!isObject(v)) throwType(c, `spl_object_id(): Argument #1 ($object) must be of type object, ${givenName(v)} given`);
  return v.handle;
});
def('spl_object_hash', (c) => {
  const v = arg(c, 0);
  if (!isObject(v)) throwType(c, 'spl_object_hash(): Argument #1 ($object) must be of type object');
  return runtimeString(c.m, v.handle.toString(16).padStart(32, '0'));
});
def('get_class', (c) => {
  const v = arg(c, 0);
  if (isObject(v)) return v.cls.name;
  const t = c.m.frames[c.m.frames.length - 1];
  return t.scope?.name ?? false;
});
def('get_parent_class', (c) => {
  const v = arg(c, 0);
  return isObject(v) && v.cls.parent ? v.cls.parent.name : false;
});
def('gettype', (c) => {
  const v = arg(c, 0);
  const t = givenName(v);
  return ({ null: 'NULL', bool: 'boolean', int: 'integer', float: 'double', string: 'string', array: 'array' } as Record<string, string>)[t] ?? 'object';
});
def('get_debug_type', (c) => {
  const v = arg(c, 0);
  // Anonymous classes show their base name only ("class@anonymous", "Parent@anonymous").
  return isObject(v) ? (v.closure ? 'Closure' : v.cls.anonymous ? v.cls.name.slice(0, v.cls.name.indexOf('\0')) : v.cls.name) : givenName(v);
});
def('is_int', (c) => typeof arg(c, 0) === 'number');
def('is_integer', (c) => typeof arg(c, 0) === 'number');
def('is_float', (c) => arg(c, 0) instanceof PFloat);
def('is_string', (c) => isStr(arg(c, 0)));
def('is_bool', (c) => typeof arg(c, 0) === 'boolean');
def('is_array', (c) => isArray(arg(c, 0)));
def('is_object', (c) => isObject(arg(c, 0)));
def('is_null', (c) => arg(c, 0) === null);
def('is_numeric', (c) => {
  const v = arg(c, 0);
  return typeof v === 'number' || v instanceof PFloat || (isStr(v) && parseNumeric(strOf(v))[2]);
});
def('is_callable', (c) => {
  const v = arg(c, 0);
  return (isObject(v) && !!v.closure) || (isStr(v) && (c.m.functions.has(strOf(v).toLowerCase()) || nativeFunctions.has(strOf(v).toLowerCase())));
});
def('function_exists', (c) => {
  const n = str(c.m, arg(c, 0)).toLowerCase();
  return c.m.functions.has(n) || nativeFunctions.has(n);
});
def('class_exists', (c) => c.m.classes.has(str(c.m, arg(c, 0)).toLowerCase()));
def('method_exists', (c) => {
  const v = arg(c, 0);
  const cls = isObject(v) ? v.cls : c.m.classes.get(str(c.m, v).toLowerCase());
  const name = str(c.m, arg(c, 1)).toLowerCase();
  for (let k = cls ?? null; k; k = k.parent) if (k.methods.has(name)) return true;
  return false;
});
def('property_exists', (c) => {
  const v = arg(c, 0);
  const name = str(c.m, arg(c, 1));
  if (isObject(v)) return v.props.has(name);
  return !!c.m.classes.get(str(c.m, v).toLowerCase())?.propMap.has(name);
});
def('get_object_vars', (c) => {
  const v = arg(c, 0);
  if (!isObject(v)) return null;
  materialize(c.m, v);
  const a = newArray(c.m, v.props.size, false);
  for (const [k, s] of v.props) if (s !== undefined) arraySet(c.m, a, k, copyOut(s));
  return a;
});

// --- math ---------------------------------------------------------------------------------------------------
function num(v: Zval): number | PFloat {
  const f = toFloat(v);
  return v instanceof PFloat || (isStr(v) && !Number.isInteger(f)) ? new PFloat(f) : toInt(v);
}
def('abs', (c) => {
  const v = num(arg(c, 0));
  return v instanceof PFloat ? new PFloat(Math.abs(v.v)) : Math.abs(v);
});
def('intdiv', (c) => {
  const divisor = toInt(arg(c, 1));
  if (divisor === 0) throwTypeFn(c.m, 'DivisionByZeroError', 'Division by zero');
  return Math.trunc(toInt(arg(c, 0)) / divisor);
});
def('floor', (c) => new PFloat(Math.floor(toFloat(arg(c, 0)))));
def('ceil', (c) => new PFloat(Math.ceil(toFloat(arg(c, 0)))));
def('round', (c) => {
  const p = c.args.length > 1 ? toInt(arg(c, 1)) : 0;
  const x = toFloat(arg(c, 0));
  const f = 10 ** p;
  const r = Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9) / f;
  return new PFloat(r);
});
def('sqrt', (c) => new PFloat(Math.sqrt(toFloat(arg(c, 0)))));
def('pow', (c) => {
  const a = arg(c, 0);
  const b = arg(c, 1);
  const r = toFloat(a) ** toFloat(b);
  return typeof a === 'number' && typeof b === 'number' && b >= 0 && Number.isSafeInteger(r) ? r : new PFloat(r);
});
def('max', (c) => extreme(c, 1, 'max'));
def('min', (c) => extreme(c, -1, 'min'));
function extreme(c: NativeCtx, dir: number, fn: string): Zval {
  const vals = c.args.length === 1 && isArray(arg(c, 0)) ? [...arr(c, 0, fn).ht.values()].map(val) : c.args.map(val);
  if (!vals.length) throwValue(c, `${fn}(): Argument #1 ($value) must contain at least one element`);
  let best = vals[0];
  for (const v of vals.slice(1)) if (compare(v, best) * dir > 0) best = v;
  return copyOut(best);
}
def('array_sum', (c) => {
  let sum: number = 0;
  let fl = false;
  for (const s of arr(c, 0, 'array_sum').ht.values()) {
    const v = val(s);
    if (v instanceof PFloat) fl = true;
    sum += toFloat(v);
  }
  return fl ? new PFloat(sum) : sum;
});
def('array_product', (c) => {
  let p = 1;
  for (const s of arr(c, 0, 'array_product').ht.values()) p *= toFloat(val(s));
  return p;
});

// --- arrays -------------------------------------------------------------------------------------------------
def('count', (c) => {
  const v = arg(c, 0);
  // The mode is checked first, whatever the value is.
  if (c.args.length > 1 && toInt(arg(c, 1)) !== 0 && toInt(arg(c, 1)) !== 1) throwValue(c, 'count(): Argument #2 ($mode) must be either COUNT_NORMAL or COUNT_RECURSIVE');
  if (isArray(v)) {
    if (toInt(arg(c, 1)) === 1) {
      const rec = (a: ZArray): number => [...a.ht.values()].reduce<number>((n, s) => n + 1 + (isArray(val(s)) ? rec(val(s) as ZArray) : 0), 0);
      return rec(v);
    }
    return v.ht.size;
  }
  if (isObject(v) && v.internal?.count) return v.internal.count();
  if (isObject(v) && findMethodFn(v, 'count') && isCountable(v)) {
    // A user class implementing Countable: its count() method (no extra reference to the object).
    const r = methodFn(c.m, v, 'count');
    const n = toInt(r);
    release(c.m, r, false);
    return n;
  }
  throwType(c, `count(): Argument #1 ($value) must be of type Countable|array, ${givenName(v)} given`);
});
nativeFunctions.set('sizeof', nativeFunctions.get('count')!);
def('range', (c) => {
  const a = arg(c, 0);
  const b = arg(c, 1);
  const stepV = c.args.length > 2 ? arg(c, 2) : 1;
  // PHP 8.2: the step's sign is dropped; a step of 0, or one longer than the range between two different ends, is
  // a ValueError.
  const stepOf = (x: number, y: number, step: number): number => {
    if (step <= 0 || (x !== y && step > Math.abs(y - x))) throwValue(c, 'range(): Argument #3 ($step) must not exceed the specified range');
    return step;
  };
  if (isStr(a) && isStr(b) && strOf(a).length === 1 && strOf(b).length === 1 && !/\d/.test(strOf(a))) {
    const x = strOf(a).charCodeAt(0);
    const y = strOf(b).charCodeAt(0);
    const step = stepOf(x, y, Math.trunc(Math.abs(toFloat(stepV))));
    const items: Zval[] = [];
    for (let i = x; x <= y ? i <= y : i >= y; i += x <= y ? step : -step) items.push(String.fromCharCode(i));
    return fromList(c.m, items);
  }
  const fl = a instanceof PFloat || b instanceof PFloat || stepV instanceof PFloat;
  const x = toFloat(a);
  const y = toFloat(b);
  const step = stepOf(x, y, Math.abs(toFloat(stepV)));
  const n = Math.floor(Math.abs(y - x) / step) + 1;
  if (n > 10_000_000) throw new Unsupported(c.line, 'range() too large for the simulator');
  const arrv = newArray(c.m, n);
  for (let i = 0; i < n; i++) {
    const v = x <= y ? x + i * step : x - i * step;
    arrayAppend(c.m, arrv, fl ? new PFloat(v) : v);
  }
  return arrv;
});
def('array_push', (c) => {
  const ref = argRef(c, 0);
  const a = writableArray(c.m, ref);
  for (const s of c.args.slice(1)) {
    const v = copyOut(s);
    arrayAppend(c.m, a, v);
  }
  return a.ht.size;
}, [0]);
def('array_pop', (c) => {
  const ref = argRef(c, 0);
  if (!isArray(ref.val) || !ref.val.ht.size) return null;
  const a = writableArray(c.m, ref);
  const key = [...a.ht.keys()].pop()!;
  const v = val(arrayDelete(a, key));
  const s = a.ht.get(key);
  void s;
  a.nextIndex = 0;
  for (const k of a.ht.keys()) if (typeof k === 'number' && k >= a.nextIndex) a.nextIndex = k + 1;
  return v;
}, [0]);
def('array_shift', (c) => {
  const ref = argRef(c, 0);
  if (!isArray(ref.val) || !ref.val.ht.size) return null;
  const a = writableArray(c.m, ref);
  const [first] = a.ht.keys();
  const v = val(arrayDelete(a, first));
  // Renumber integer keys.
  const entries = [...a.ht.entries()];
  a.ht.clear();
  let i = 0;
  for (const [k, s] of entries) a.ht.set(typeof k === 'number' ? i++ : k, s);
  a.nextIndex = i;
  a.used = a.ht.size;
  return v;
}, [0]);
def('array_unshift', (c) => {
  const ref = argRef(c, 0);
  const a = writableArray(c.m, ref);
  const entries = [...a.ht.entries()];
  a.ht.clear();
  a.nextIndex = 0;
  a.used = 0;
  for (const s of c.args.slice(1)) arrayAppend(c.m, a, copyOut(s));
  for (const [k, s] of entries) {
    if (typeof k === 'number') arrayAppend(c.m, a, s);
    else arraySet(c.m, a, k, s);
  }
  return a.ht.size;
}, [0]);
function writableArray(m: Machine, ref: ZRef): ZArray {
  let a = ref.val;
  if (a === null) {
    a = newArray(m);
    ref.val = a;
  }
  if (!isArray(a)) throw new Unsupported(m.line, 'array function on a non-array');
  if (a.immutable || a.rc > 1) {
    const copy = dupArray(m, a);
    if (!a.immutable) a.rc--;
    ref.val = copy;
    return copy;
  }
  return a;
}
def('array_keys', (c) => {
  const a = arr(c, 0, 'array_keys');
  if (c.args.length > 1) {
    const needle = arg(c, 1);
    return fromList(c.m, slots(a).filter(([, s]) => looseEquals(val(s), needle)).map(([k]) => k));
  }
  return fromList(c.m, [...a.ht.keys()]);
});
def('array_values', (c) => {
  const a = arr(c, 0, 'array_values');
  if (a.packed && [...a.ht.keys()].every((k, i) => k === i)) return copyOut(a);
  return fromList(c.m, [...a.ht.values()].map((s) => copyOut(s)));
});
def('array_merge', (c) => {
  if (!c.args.length) return newArray(c.m);
  if (c.args.length === 1 && isArray(arg(c, 0)) && arr(c, 0, 'array_merge').packed) return copyOut(arg(c, 0));
  let n = 0;
  for (let i = 0; i < c.args.length; i++) n += arr(c, i, 'array_merge').ht.size;
  const r = sized(c.m, n);
  for (let i = 0; i < c.args.length; i++) {
    for (const [k, s] of arr(c, i, 'array_merge').ht) {
      const v = copyOut(s);
      if (typeof k === 'number') arrayAppend(c.m, r, v);
      else {
        const old = r.ht.get(k);
        arraySet(c.m, r, k, v);
        release(c.m, old, false);
      }
    }
  }
  return r;
});
def('array_map', (c) => {
  const f = arg(c, 0);
  const a = arr(c, 1, 'array_map');
  if (c.args.length > 2) throw new Unsupported(c.line, 'array_map with several arrays');
  const r = newArray(c.m, a.ht.size, !a.packed);
  r.packed = a.packed;
  for (const [k, s] of a.ht) arraySet(c.m, r, k, f === null ? copyOut(s) : callFn(c.m, f, [val(s)]));
  return r;
});
def('array_filter', (c) => {
  const a = arr(c, 0, 'array_filter');
  const f = c.args.length > 1 ? arg(c, 1) : null;
  const mode = toInt(arg(c, 2));
  const r = newArray(c.m);
  for (const [k, s] of a.ht) {
    let keep: boolean;
    if (f === null) keep = toBool(val(s));
    else {
      const args = mode === 2 ? [k] : mode === 1 ? [val(s), k] : [val(s)];
      const res = callFn(c.m, f, args as Zval[]);
      keep = toBool(res);
      release(c.m, res, false);
    }
    if (keep) arraySet(c.m, r, k, copyOut(s));
  }
  return r;
});
def('array_reduce', (c) => {
  const a = arr(c, 0, 'array_reduce');
  const f = arg(c, 1);
  let acc: Zval = copyOut(c.args[2]);
  for (const s of a.ht.values()) {
    const next = callFn(c.m, f, [acc, val(s)]);
    release(c.m, acc, false);
    acc = next;
  }
  return acc;
});
def('in_array', (c) => {
  const needle = arg(c, 0);
  const strict = toBool(arg(c, 2));
  for (const s of arr(c, 1, 'in_array').ht.values()) {
    const v = val(s);
    if (strict ? (isObject(v) ? v === needle : strictEquals(v, needle)) : looseEquals(v, needle)) return true;
  }
  return false;
});
def('array_search', (c) => {
  const needle = arg(c, 0);
  const strict = toBool(arg(c, 2));
  for (const [k, s] of arr(c, 1, 'array_search').ht) {
    const v = val(s);
    if (strict ? strictEquals(v, needle) : looseEquals(v, needle)) return k;
  }
  return false;
});
def('array_key_exists', (c) => {
  const a = arg(c, 1);
  const k = normalizeKey(arg(c, 0));
  return isArray(a) && k !== undefined && a.ht.has(k);
});
nativeFunctions.set('key_exists', nativeFunctions.get('array_key_exists')!);
def('array_key_first', (c) => {
  const a = arr(c, 0, 'array_key_first');
  const [k] = a.ht.keys();
  return k === undefined ? null : k;
});
def('array_key_last', (c) => {
  const a = arr(c, 0, 'array_key_last');
  const keys = [...a.ht.keys()];
  return keys.length ? keys[keys.length - 1] : null;
});
def('array_slice', (c) => {
  const a = arr(c, 0, 'array_slice');
  const all = slots(a);
  let off = toInt(arg(c, 1));
  if (off < 0) off = Math.max(0, all.length + off);
  let len = c.args.length > 2 && arg(c, 2) !== null ? toInt(arg(c, 2)) : all.length - off;
  if (len < 0) len = Math.max(0, all.length - off + len);
  const preserve = toBool(arg(c, 3));
  const part = all.slice(off, off + len);
  const r = newArray(c.m, part.length);
  for (const [k, s] of part) {
    if (typeof k === 'number' && !preserve) arrayAppend(c.m, r, copyOut(s));
    else arraySet(c.m, r, k, copyOut(s));
  }
  return r;
});
def('array_reverse', (c) => {
  const a = arr(c, 0, 'array_reverse');
  const preserve = toBool(arg(c, 1));
  const r = newArray(c.m, a.ht.size);
  for (const [k, s] of slots(a).reverse()) {
    if (typeof k === 'number' && !preserve) arrayAppend(c.m, r, copyOut(s));
    else arraySet(c.m, r, k, copyOut(s));
  }
  return r;
});
def('array_fill', (c) => {
  const start = toInt(arg(c, 0));
  const n = toInt(arg(c, 1));
  if (n < 0) throwValue(c, 'array_fill(): Argument #2 ($count) must be greater than or equal to 0');
  const v = arg(c, 2);
  const r = newArray(c.m, n);
  for (let i = 0; i < n; i++) {
    addref(v);
    arraySet(c.m, r, start + i, v);
  }
  return r;
});
def('array_fill_keys', (c) => {
  const keys = arr(c, 0, 'array_fill_keys');
  const v = arg(c, 1);
  const r = newArray(c.m, keys.ht.size, false);
  for (const s of keys.ht.values()) {
    addref(v);
    arraySet(c.m, r, normalizeKey(val(s))!, v);
  }
  return r;
});
def('array_combine', (c) => {
  const ks = [...arr(c, 0, 'array_combine').ht.values()].map(val);
  const vs = [...arr(c, 1, 'array_combine').ht.values()];
  if (ks.length !== vs.length) throwValue(c, 'array_combine(): Argument #1 ($keys) and argument #2 ($values) must have the same number of elements');
  const r = newArray(c.m, ks.length, false);
  ks.forEach((k, i) => arraySet(c.m, r, normalizeKey(k)!, copyOut(vs[i])));
  return r;
});
def('array_flip', (c) => {
  const a = arr(c, 0, 'array_flip');
  const r = newArray(c.m, a.ht.size, false);
  for (const [k, s] of a.ht) arraySet(c.m, r, normalizeKey(val(s))!, k);
  return r;
});
def('array_unique', (c) => {
  const a = arr(c, 0, 'array_unique');
  const r = newArray(c.m, a.ht.size, !a.packed);
  r.packed = a.packed;
  const seen: Zval[] = [];
  for (const [k, s] of a.ht) {
    const v = val(s);
    if (seen.some((x) => looseEquals(x, v))) continue;
    seen.push(v);
    arraySet(c.m, r, k, copyOut(s));
  }
  return r;
});
def('array_column', (c) => {
  const a = arr(c, 0, 'array_column');
  const col = normalizeKey(arg(c, 1));
  const r = newArray(c.m);
  for (const s of a.ht.values()) {
    const row = val(s);
    if (isArray(row) && col !== undefined && row.ht.has(col)) arrayAppend(c.m, r, copyOut(row.ht.get(col)));
    else if (isObject(row) && typeof col === 'string' && row.props.has(col)) arrayAppend(c.m, r, copyOut(row.props.get(col)));
  }
  return r;
});
def('array_key_exists_', () => null);
function sortImpl(c: NativeCtx, cmp: (a: [string | number, Slot], b: [string | number, Slot]) => number, keepKeys: boolean): Zval {
  const ref = argRef(c, 0);
  const a = writableArray(c.m, ref);
  const entries = slots(a);
  const sorted = stableSort(entries, cmp);
  a.ht.clear();
  a.nextIndex = 0;
  if (keepKeys) {
    for (const [k, s] of sorted) a.ht.set(k, s);
    a.nextIndex = Math.max(0, ...sorted.filter(([k]) => typeof k === 'number').map(([k]) => (k as number) + 1));
    if (a.packed && sorted.some(([k], i) => k !== i)) {
      a.packed = false;
    }
  } else {
    sorted.forEach(([, s], i) => a.ht.set(i, s));
    a.nextIndex = sorted.length;
    if (!a.packed) {
      // sort() renumbers into a packed array of the same capacity.
      c.m.memory += 0;
    }
  }
  a.used = a.ht.size;
  return true;
}
function stableSort<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  return xs.map((x, i) => [x, i] as [T, number]).sort((p, q) => cmp(p[0], q[0]) || p[1] - q[1]).map((p) => p[0]);
}
def('sort', (c) => sortImpl(c, (x, y) => compare(val(x[1]), val(y[1])), false), [0]);
def('rsort', (c) => sortImpl(c, (x, y) => compare(val(y[1]), val(x[1])), false), [0]);
def('asort', (c) => sortImpl(c, (x, y) => compare(val(x[1]), val(y[1])), true), [0]);
def('arsort', (c) => sortImpl(c, (x, y) => compare(val(y[1]), val(x[1])), true), [0]);
def('ksort', (c) => sortImpl(c, (x, y) => compare(x[0], y[0]), true), [0]);
def('krsort', (c) => sortImpl(c, (x, y) => compare(y[0], x[0]), true), [0]);
/** usort / uasort: order by the user's comparison of values; uasort keeps the keys. */
function userSort(keepKeys: boolean): Parameters<typeof def>[1] {
  return (c) => {
    const f = arg(c, 1);
    return sortImpl(c, (x, y) => {
      const r = callFn(c.m, f, [val(x[1]), val(y[1])]);
      const n = toInt(r);
      release(c.m, r, false);
      return n;
    }, keepKeys);
  };
}
def('usort', userSort(false), [0]);
def('uasort', userSort(true), [0]);
def('array_walk', (c) => {
  // php_array_walk: the array is separated, every element visited is made a reference (and stays one), the
  // callback gets (&value, key[, arg]); a by-value parameter receives the dereferenced value.
  const ref = argRef(c, 0);
  if (isObject(ref.val)) throw new Unsupported(c.line, 'array_walk over an object');
  const a = writableArray(c.m, ref);
  const f = arg(c, 1);
  const extra = c.args.length > 2 ? [arg(c, 2)] : [];
  const seen = new Set<string | number>();
  for (;;) {
    let key: string | number | undefined;
    for (const k of a.ht.keys()) {
      if (!seen.has(k)) {
        key = k;
        break;
      }
    }
    if (key === undefined) break;
    seen.add(key);
    let el = a.ht.get(key)!;
    if (!isRef(el)) {
      el = newRef(c.m, el as Zval);
      a.ht.set(key, el);
    }
    release(c.m, callFn(c.m, f, [el as unknown as Zval, key, ...extra]), false);
  }
  return true;
}, [0]);
def('current', (c) => {
  const a = arr(c, 0, 'current');
  const vals = [...a.ht.values()];
  return a.pos < vals.length ? copyOut(vals[a.pos]) : false;
}, [0]);
def('key', (c) => {
  const a = arr(c, 0, 'key');
  const keys = [...a.ht.keys()];
  return a.pos < keys.length ? keys[a.pos] : null;
}, [0]);
def('next', (c) => {
  const a = arr(c, 0, 'next');
  a.pos++;
  const vals = [...a.ht.values()];
  return a.pos < vals.length ? copyOut(vals[a.pos]) : false;
}, [0]);
def('reset', (c) => {
  const a = arr(c, 0, 'reset');
  a.pos = 0;
  const vals = [...a.ht.values()];
  return vals.length ? copyOut(vals[0]) : false;
}, [0]);
def('end', (c) => {
  const a = arr(c, 0, 'end');
  const vals = [...a.ht.values()];
  a.pos = Math.max(0, vals.length - 1);
  return vals.length ? copyOut(vals[vals.length - 1]) : false;
}, [0]);
def('array_is_list', (c) => [...arr(c, 0, 'array_is_list').ht.keys()].every((k, i) => k === i));
def('iterator_to_array', (c) => {
  const o = arg(c, 0);
  const preserve = c.args.length < 2 || toBool(arg(c, 1));
  if (isGeneratorObject(o)) {
    const r = newArray(c.m);
    for (const [k, v] of generatorEntries(c.m, o)) {
      const nk = normalizeKey(k);
      if (preserve && nk !== undefined) {
        const old = r.ht.get(nk);
        arraySet(c.m, r, nk, v);
        release(c.m, old, false);
      } else arrayAppend(c.m, r, v);
      release(c.m, k, false);
    }
    return r;
  }
  if (!isObject(o) || !o.internal?.iterate) throw new Unsupported(c.line, 'iterator_to_array on this object');
  const r = newArray(c.m);
  for (const [k, v] of o.internal.iterate() as [Zval, Zval][]) {
    addref(v);
    if (preserve && normalizeKey(k) !== undefined) arraySet(c.m, r, normalizeKey(k)!, v);
    else arrayAppend(c.m, r, v);
  }
  return r;
});

def('iterator_count', (c) => {
  const o = arg(c, 0);
  if (isArray(o)) return o.ht.size;
  if (!isGeneratorObject(o)) throw new Unsupported(c.line, 'iterator_count on this object');
  let n = 0;
  for (const [k, v] of generatorEntries(c.m, o)) {
    release(c.m, k, false);
    release(c.m, v, false);
    n++;
  }
  return n;
});

def('class_uses', (c) => {
  const v = arg(c, 0);
  const cls = isObject(v) ? v.cls : c.m.classes.get(str(c.m, v).replace(/^\\/, '').toLowerCase());
  if (!cls) return false;
  const a = newArray(c.m);
  for (const t of cls.traits ?? []) arraySet(c.m, a, t.name, t.name);
  return a;
});

// --- misc ---------------------------------------------------------------------------------------------------
def('call_user_func', (c) => callFn(c.m, arg(c, 0), c.args.slice(1).map(val)));
def('call_user_func_array', (c) => callFn(c.m, arg(c, 0), [...arr(c, 1, 'call_user_func_array').ht.values()].map(val)));
def('register_shutdown_function', (c) => {
  const f = copyOut(c.args[0]);
  c.m.shutdownFunctions.push(f);
  return null;
});
def('define', (c) => {
  const name = str(c.m, arg(c, 0));
  c.m.constants.set(name, copyOut(c.args[1]));
  return true;
});
def('defined', (c) => c.m.constants.has(str(c.m, arg(c, 0))));
def('constant', (c) => copyOut(c.m.constants.get(str(c.m, arg(c, 0)))));
def('array_walk_', () => null);
def('error_reporting', () => 32767);
def('ini_set', () => false);
def('set_error_handler', (c) => {
  throw new Unsupported(c.line, 'set_error_handler is not supported by the simulator');
});
def('usleep', () => null);
def('flush', () => null);
def('is_iterable', (c) => isArray(arg(c, 0)) || isGeneratorObject(arg(c, 0)) || (isObject(arg(c, 0)) && !!(arg(c, 0) as any).internal?.iterate));
/** A table sized for `n` elements (zend_hash_init), allocated packed or mixed by its first key, then filled. */
function sizedArray(m: Machine, n: number, entries: [string | number | null, Slot][]): ZArray {
  const a = newArray(m);
  if (!entries.length) return a;
  initArrayData(m, a, n, typeof entries[0][0] !== 'string');
  for (const [k, s] of entries) {
    if (typeof k === 'string') arraySet(m, a, k, s);
    else arrayAppend(m, a, s);
  }
  return a;
}
def('array_splice', (c) => {
  // php_splice: the elements are moved into a new table (sized for what remains plus the replacement) whose data
  // replaces the array's; removed elements move into the returned array; integer keys are renumbered.
  const ref = argRef(c, 0);
  if (!isArray(ref.val)) throwType(c, `array_splice(): Argument #1 ($array) must be of type array, ${givenName(ref.val)} given`);
  const a = writableArray(c.m, ref);
  const numIn = a.ht.size;
  let offset = toInt(arg(c, 1));
  let length = c.args.length > 2 && arg(c, 2) !== null ? toInt(arg(c, 2)) : numIn;
  if (offset < 0 && (offset = numIn + offset) < 0) offset = 0;
  else if (offset > numIn) offset = numIn;
  if (length < 0 && (length = numIn - offset + length) < 0) length = 0;
  else if (offset + length > numIn) length = numIn - offset;
  const replSrc = c.args.length > 3 ? arg(c, 3) : null;
  const repl: Slot[] = isArray(replSrc) ? [...replSrc.ht.values()] : c.args.length > 3 && replSrc !== null ? [replSrc] : [];
  const entries = [...a.ht.entries()];
  const keep: [string | number | null, Slot][] = [];
  const removed: [string | number | null, Slot][] = [];
  entries.forEach(([k, s], i) => (i >= offset && i < offset + length ? removed : keep).push([typeof k === 'string' ? k : null, s]));
  for (const s of repl) addref(s);
  const out: [string | number | null, Slot][] = [...keep.slice(0, offset), ...repl.map((s) => [null, s] as [null, Slot]), ...keep.slice(offset)];
  const result = sizedArray(c.m, length, removed);
  const table = sizedArray(c.m, (length > 0 ? numIn - length : 0) + repl.length, out);
  // The new table's data replaces the old one (its header is the array's own).
  c.m.memory -= a.size;
  a.ht = table.ht;
  a.cap = table.cap;
  a.packed = table.packed;
  a.used = table.used;
  a.nextIndex = table.nextIndex;
  a.pos = 0;
  a.size = table.size;
  return result;
}, [0]);
def('str_word_count', (c) => str(c.m, arg(c, 0)).split(/[^A-Za-z'-]+/).filter(Boolean).length);
def('dechex', (c) => runtimeString(c.m, toInt(arg(c, 0)).toString(16), true));
def('bin2hex', (c) => runtimeString(c.m, Buffer.from(str(c.m, arg(c, 0)), 'latin1').toString('hex')));
def('md5', (c) => {
  throw new Unsupported(c.line, 'md5 is not supported by the simulator');
});
def('fmod', (c) => new PFloat(toFloat(arg(c, 0)) % toFloat(arg(c, 1))));
// json_encode with the flags snippets use (JSON_PRETTY_PRINT, JSON_UNESCAPED_SLASHES, JSON_UNESCAPED_UNICODE);
// floats use serialize_precision -1 (shortest round trip). The result is a fresh string, never interned.
const JSON_UNESCAPED_SLASHES = 64;
const JSON_PRETTY_PRINT = 128;
const JSON_UNESCAPED_UNICODE = 256;
function jsonString(s: string, flags: number): string {
  let out = '"';
  const bytes = Buffer.from(s, 'latin1').toString('utf8');
  for (const ch of bytes) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/') out += flags & JSON_UNESCAPED_SLASHES ? '/' : '\\/';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else if (code > 0x7f && !(flags & JSON_UNESCAPED_UNICODE)) {
      for (const unit of ch.split('')) out += '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0');
    } else out += code > 0x7f ? Buffer.from(ch, 'utf8').toString('latin1') : ch;
  }
  return out + '"';
}
function jsonValue(c: NativeCtx, v: Zval, flags: number, depth: number, seen: Set<object>): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (v instanceof PFloat) {
    if (!Number.isFinite(v.v)) throw new Unsupported(c.line, 'json_encode of INF/NAN');
    return formatFloat(v.v, 17).replace('E', 'e');
  }
  if (isStr(v)) return jsonString(strOf(v), flags);
  if (seen.has(v)) throw new Unsupported(c.line, 'json_encode of a recursive structure');
  let entries: [string | number, Slot][];
  let list = false;
  if (isArray(v)) {
    entries = [...v.ht.entries()] as [string | number, Slot][];
    list = entries.every(([k], i) => k === i);
  } else {
    if (v.closure || (v.cls.internal && v.cls.name !== 'stdClass') || findMethodFn(v, 'jsonserialize')) throw new Unsupported(c.line, `json_encode of ${v.cls.name}`);
    entries = [...v.props.entries()].filter(([k, s]) => s !== undefined && v.cls.propMap.get(k)?.visibility !== 'private' && v.cls.propMap.get(k)?.visibility !== 'protected') as [string, Slot][];
  }
  if (!entries.length) return list ? '[]' : '{}';
  seen.add(v);
  const pretty = !!(flags & JSON_PRETTY_PRINT);
  const pad = pretty ? '\n' + '    '.repeat(depth + 1) : '';
  const parts = entries.map(([k, s]) => {
    const inner = jsonValue(c, val(s), flags, depth + 1, seen);
    return list ? pad + inner : pad + jsonString(String(k), flags) + (pretty ? ': ' : ':') + inner;
  });
  seen.delete(v);
  const close = pretty ? '\n' + '    '.repeat(depth) : '';
  return (list ? '[' : '{') + parts.join(',') + close + (list ? ']' : '}');
}
def('json_encode', (c) => {
  const flags = c.args.length > 1 ? toInt(arg(c, 1)) : 0;
  if (flags & ~(JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE)) throw new Unsupported(c.line, 'json_encode flags');
  return newString(c.m, jsonValue(c, arg(c, 0), flags, 0, new Set()));
});

function strResult(c: NativeCtx, s: string): Zval {
  const v = arg(c, 0);
  if (isStr(v) && strOf(v) === s) return copyOut(v);
  return runtimeString(c.m, s, true);
}

export { formatFloat, isZString, stringSize };
