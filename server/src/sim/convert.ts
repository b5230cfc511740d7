// PHP type juggling for the values the simulator supports: to string/number/bool, comparisons, float formatting.
import { PFloat, isArray, isObject, isStr, strOf, type Zval } from './zval.js';

/** zend_gcvt: `precision` significant digits, scientific when the exponent is < -4 or >= precision. */
export function formatFloat(v: number, precision: number): string {
  if (Number.isNaN(v)) return 'NAN';
  if (!Number.isFinite(v)) return v > 0 ? 'INF' : '-INF';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  let digits: string;
  let exp: number;
  if (precision === 17) {
    // serialize_precision = -1: the shortest string that round-trips.
    const e = v.toExponential();
    const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
    digits = m[2] + (m[3] ?? '');
    exp = parseInt(m[4], 10);
  } else {
    const e = Math.abs(v).toExponential(precision - 1);
    const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
    digits = (m[1] + (m[2] ?? '')).replace(/0+$/, '') || '0';
    exp = parseInt(m[3], 10);
  }
  digits = digits.replace(/0+$/, '') || '0';
  const neg = v < 0 ? '-' : '';
  const decpt = exp + 1;
  if (decpt < -3 || decpt > precision) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits + '.0';
    return `${neg}${mant}E${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  }
  if (decpt <= 0) return `${neg}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return neg + digits + '0'.repeat(decpt - digits.length);
  return `${neg}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

export function floatToString(v: number): string {
  return formatFloat(v, 14);
}

export function toBool(v: Zval): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof PFloat) return v.v !== 0;
  if (isStr(v)) {
    const s = strOf(v);
    return s !== '' && s !== '0';
  }
  if (isArray(v)) return v.ht.size > 0;
  return true;
}

/** Numeric prefix of a string: [value, isInt, wholeStringNumeric]. */
export function parseNumeric(s: string): [number, boolean, boolean] {
  const m = /^[ \t\n\r\v\f]*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)[ \t\n\r\v\f]*/.exec(s);
  if (!m) return [0, true, false];
  const text = m[1];
  const isInt = /^[+-]?\d+$/.test(text) && Math.abs(Number(text)) <= Number.MAX_SAFE_INTEGER;
  return [Number(text), isInt, m[0].length === s.length];
}

export function isNumericStr(s: string): boolean {
  return parseNumeric(s)[2];
}

/** Arithmetic operand: int stays a JS number, float a PFloat. */
export function toNumber(v: Zval): number | PFloat {
  if (v === null || v === false) return 0;
  if (v === true) return 1;
  if (typeof v === 'number' || v instanceof PFloat) return v;
  if (isStr(v)) {
    const [n, isInt] = parseNumeric(strOf(v));
    return isInt ? n : new PFloat(n);
  }
  if (isArray(v)) return v.ht.size ? 1 : 0;
  return 1;
}

export function toInt(v: Zval): number {
  const n = toNumber(v);
  if (n instanceof PFloat) {
    if (!Number.isFinite(n.v)) return 0;
    return Math.trunc(n.v);
  }
  return n;
}

export function toFloat(v: Zval): number {
  const n = toNumber(v);
  return n instanceof PFloat ? n.v : n;
}

/** String conversion of scalars (objects and arrays are handled by the interpreter: __toString, "Array"). */
export function scalarToString(v: Zval): string {
  if (v === null || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'number') return String(v);
  if (v instanceof PFloat) return floatToString(v.v);
  if (isStr(v)) return strOf(v);
  if (isArray(v)) return 'Array';
  return '';
}

export function looseEquals(a: Zval, b: Zval): boolean {
  if (isStr(a) && isStr(b)) {
    const x = strOf(a);
    const y = strOf(b);
    if (x === y) return true;
    const [nx, , fx] = parseNumeric(x);
    const [ny, , fy] = parseNumeric(y);
    return fx && fy && nx === ny;
  }
  return compare(a, b) === 0;
}

export function strictEquals(a: Zval, b: Zval): boolean {
  if (a === b) return true;
  if (a instanceof PFloat && b instanceof PFloat) return a.v === b.v;
  if (isStr(a) && isStr(b)) return strOf(a) === strOf(b);
  if (isArray(a) && isArray(b)) {
    if (a.ht.size !== b.ht.size) return false;
    const ka = [...a.ht.keys()];
    const kb = [...b.ht.keys()];
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return false;
      const x = a.ht.get(ka[i]);
      const y = b.ht.get(kb[i]);
      if (!strictEquals(isRefV(x), isRefV(y))) return false;
    }
    return true;
  }
  return false;
}

function isRefV(s: any): Zval {
  return s && typeof s === 'object' && s.kind === 'ref' ? s.val : s ?? null;
}

/** The spaceship operator under PHP 8 rules for the supported types. */
/** ZEND_THREEWAY_COMPARE: NAN is unordered, neither equal nor smaller, so it compares as 1 (`NAN <=> 1` is 1, and
 * `NAN == 1` is false). */
function cmp(x: number, y: number): number {
  return x === y ? 0 : x < y ? -1 : 1;
}

export function compare(a: Zval, b: Zval): number {
  if (typeof a === 'number' && typeof b === 'number') return cmp(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean' || a === null || b === null) {
    if (a === null && isStr(b)) return strOf(b) === '' ? 0 : -1;
    if (b === null && isStr(a)) return strOf(a) === '' ? 0 : 1;
    return cmp(Number(toBool(a)), Number(toBool(b)));
  }
  if (isStr(a) && isStr(b)) {
    const x = strOf(a);
    const y = strOf(b);
    const [nx, , fx] = parseNumeric(x);
    const [ny, , fy] = parseNumeric(y);
    if (fx && fy) return cmp(nx, ny);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStr(a) || isStr(b)) {
    const s = strOf((isStr(a) ? a : b) as any);
    const other = (isStr(a) ? b : a) as Zval;
    if (typeof other === 'number' || other instanceof PFloat) {
      const [n, , full] = parseNumeric(s);
      const on = other instanceof PFloat ? other.v : other;
      const r = full ? cmp(n, on) : (() => {
        const os = scalarToString(other);
        return s < os ? -1 : s > os ? 1 : 0;
      })();
      return isStr(a) ? r : -r;
    }
  }
  if (isArray(a) && isArray(b)) {
    if (a.ht.size !== b.ht.size) return cmp(a.ht.size, b.ht.size);
    for (const [k, v] of a.ht) {
      if (!b.ht.has(k)) return 1;
      const r = compare(isRefV(v), isRefV(b.ht.get(k)));
      if (r) return r;
    }
    return 0;
  }
  if (isArray(a)) return 1;
  if (isArray(b)) return -1;
  if (isObject(a) && isObject(b)) {
    if (a === b) return 0;
    if (a.cls !== b.cls) return 1;
    for (const [k, v] of a.props) {
      const r = compare(isRefV(v), isRefV(b.props.get(k)));
      if (r) return r;
    }
    return 0;
  }
  if (isObject(a)) return 1;
  if (isObject(b)) return -1;
  return cmp(toFloat(a), toFloat(b));
}

/** Array key normalisation: "5" -> 5, true -> 1, 1.7 -> 1, null -> "". */
export function normalizeKey(v: Zval): number | string | undefined {
  if (typeof v === 'number') return v;
  if (isStr(v)) {
    const s = strOf(v);
    if (/^(0|-?[1-9]\d*)$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
    return s;
  }
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PFloat) return Math.trunc(v.v);
  return undefined;
}
