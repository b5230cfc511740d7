// Declared types of parameters, return values and properties, and the checks Zend runs on them
// (zend_verify_arg_type, zend_verify_return_type, zend_verify_property_type): an exact match passes, an int is
// accepted where only float is declared (even under strict_types), and in the default weak mode scalars are
// juggled in Zend's preference order int -> float -> string -> bool (zend_verify_weak_scalar_type_hint).
import type { Node } from '../core/parse.js';
import type { Machine } from './machine.js';
import type { ClassDef } from './classes.js';
import { findMethod, isSubclassOf } from './classes.js';
import { classNameOf } from './namespaces.js';
import { parseNumeric, scalarToString, toBool } from './convert.js';
import { objectToString, runtimeString } from './values.js';
import { PFloat, isArray, isObject, isStr, strOf, type ZRef, type Zval } from './zval.js';
import { nativeFunctions } from './builtins/index.js';
import { release } from './refcount.js';
import { throwError } from './calls.js';

export interface TypeSpec {
  /** Built-in types in lower case (int, float, string, bool, false, true, null, array, object, callable,
   * iterable, mixed, void, never, static, self, parent). */
  builtins: Set<string>;
  /** Class and interface names after name resolution, as written. */
  classes: string[];
}

const BUILTIN = new Set([
  'int', 'float', 'string', 'bool', 'false', 'true', 'null', 'array', 'object', 'callable', 'iterable', 'mixed',
  'void', 'never', 'static', 'self', 'parent',
]);

/** The type of a parameter, return value or property; `implicitNull` for `T $x = null`, which PHP makes `?T`. */
export function typeSpecOf(t: Node | null | undefined, nullable: boolean, implicitNull = false): TypeSpec | null {
  if (!t) return null;
  const spec: TypeSpec = { builtins: new Set(), classes: [] };
  const add = (n: Node) => {
    if (n.kind === 'uniontype' || n.kind === 'intersectiontype') {
      for (const x of n.types) add(x);
      return;
    }
    const lc = String(n.name ?? n.raw ?? '').toLowerCase();
    if (n.kind === 'typereference' || n.kind === 'selfreference' || n.kind === 'parentreference' || n.kind === 'staticreference' || BUILTIN.has(lc)) spec.builtins.add(lc);
    else spec.classes.push(classNameOf(n));
  };
  add(t);
  if (nullable || implicitNull) spec.builtins.add('null');
  return spec;
}

/** zend_type_to_string: class names first, then the built-ins in Zend's fixed order; a single type plus null
 * prints as `?T`. self/parent/static print as the class they stand for. */
export function typeText(spec: TypeSpec, self: ClassDef | null, calledScope: ClassDef | null): string {
  const b = spec.builtins;
  if (b.has('mixed')) return 'mixed';
  // 8.2 compiles iterable to Traversable|array, its class name first.
  const parts = b.has('iterable') ? ['Traversable', ...spec.classes] : [...spec.classes];
  if (b.has('self')) parts.push(self?.name ?? 'self');
  if (b.has('parent')) parts.push(self?.parent?.name ?? 'parent');
  if (b.has('static')) parts.push(calledScope?.name ?? 'static');
  for (const n of ['callable', 'object']) if (b.has(n)) parts.push(n);
  if (b.has('array') || b.has('iterable')) parts.push('array');
  for (const n of ['string', 'int', 'float']) if (b.has(n)) parts.push(n);
  if (b.has('bool') || (b.has('true') && b.has('false'))) parts.push('bool');
  else if (b.has('false')) parts.push('false');
  else if (b.has('true')) parts.push('true');
  for (const n of ['void', 'never']) if (b.has(n)) parts.push(n);
  const text = parts.join('|');
  if (!b.has('null')) return text;
  return parts.length === 1 ? '?' + text : parts.length ? text + '|null' : 'null';
}

/** zend_zval_type_name as 8.2 prints it in type errors ("bool" for true and false, the class for objects). */
export function givenName(v: Zval): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (v instanceof PFloat) return 'float';
  if (isStr(v)) return 'string';
  if (isArray(v)) return 'array';
  return v.cls.name;
}

export interface CheckContext {
  m: Machine;
  /** The class `self` means (the declaring class). */
  self: ClassDef | null;
  /** The class `static` means. */
  calledScope: ClassDef | null;
  strict: boolean;
}

function classMatches(ctx: CheckContext, spec: TypeSpec, v: Zval): boolean {
  if (!isObject(v)) return false;
  const b = spec.builtins;
  if (b.has('object')) return true;
  if (b.has('callable') && (v.closure || v.cls.methods.has('__invoke'))) return true;
  const is = (c: ClassDef | null | undefined) => !!c && isSubclassOf(v.cls, c);
  if (b.has('self') && is(ctx.self)) return true;
  if (b.has('parent') && is(ctx.self?.parent)) return true;
  if (b.has('static') && is(ctx.calledScope)) return true;
  if (b.has('iterable') && is(ctx.m.classes.get('traversable'))) return true;
  // A class with __toString implements Stringable without saying so.
  return spec.classes.some((name) => is(ctx.m.classes.get(name.toLowerCase())) || (name.toLowerCase() === 'stringable' && !!findMethod(v.cls, '__tostring')));
}

/** An exact match (ZEND_TYPE_CONTAINS_CODE or an instanceof check). */
function matches(ctx: CheckContext, spec: TypeSpec, v: Zval): boolean {
  const b = spec.builtins;
  if (b.has('mixed')) return true;
  if (v === null) return b.has('null');
  if (v === true) return b.has('bool') || b.has('true');
  if (v === false) return b.has('bool') || b.has('false');
  if (typeof v === 'number') return b.has('int');
  if (v instanceof PFloat) return b.has('float');
  if (isStr(v)) return b.has('string') || (b.has('callable') && callableName(ctx, strOf(v)));
  if (isArray(v)) return b.has('array') || b.has('iterable') || b.has('callable');
  return classMatches(ctx, spec, v);
}

function callableName(ctx: CheckContext, s: string): boolean {
  const lc = s.replace(/^\\/, '').toLowerCase();
  return ctx.m.functions.has(lc) || nativeFunctions.has(lc) || s.includes('::');
}

/** zend_parse_arg_long_weak: numeric strings (leading and trailing whitespace allowed, nothing else), floats
 * that fit (a fractional part is dropped with a deprecation), booleans. */
function weakInt(v: Zval): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  let d: number;
  if (v instanceof PFloat) d = v.v;
  else if (isStr(v)) {
    const [n, isInt, whole] = parseNumeric(strOf(v));
    if (!whole) return undefined;
    if (isInt) return n;
    d = n;
  } else return undefined;
  if (!Number.isFinite(d) || d >= 9223372036854775808 || d < -9223372036854775808) return undefined;
  return Math.trunc(d);
}

function weakFloat(v: Zval): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (isStr(v)) {
    const [n, , whole] = parseNumeric(strOf(v));
    return whole ? n : undefined;
  }
  return undefined;
}

/**
 * The value a declared type turns `v` into, or undefined when the type rejects it (the caller throws TypeError).
 * A converted value is new (owned by the caller); an accepted one is returned as is.
 */
export function coerce(ctx: CheckContext, spec: TypeSpec, v: Zval): Zval | undefined {
  if (matches(ctx, spec, v)) return v;
  const b = spec.builtins;
  if (typeof v === 'number' && b.has('float')) return new PFloat(v);
  if (ctx.strict || v === null || isArray(v)) return undefined;
  if (isObject(v)) {
    if (!b.has('string')) return undefined;
    return findMethod(v.cls, '__tostring') ? runtimeString(ctx.m, objectToString(ctx.m, v)) : undefined;
  }
  if (b.has('int')) {
    if (b.has('float') && isStr(v)) {
      const [n, isInt, whole] = parseNumeric(strOf(v));
      if (whole) return isInt ? n : new PFloat(n);
    } else {
      const i = weakInt(v);
      if (i !== undefined) return i;
    }
  }
  if (b.has('float')) {
    const d = weakFloat(v);
    if (d !== undefined) return new PFloat(d);
  }
  if (b.has('string') && !isStr(v)) {
    // Integers 0-9 and true come from the interned one-character table (ZSTR_CHAR); false is "".
    return typeof v === 'number' || typeof v === 'boolean' ? runtimeString(ctx.m, scalarToString(v), true) : runtimeString(ctx.m, scalarToString(v));
  }
  if (b.has('bool')) return toBool(v);
  return undefined;
}

/** zend_verify_property_type (instance and static properties): the value the property takes, converted as a
 * parameter would be; otherwise the value is released and a TypeError thrown (the property keeps its old value).
 * Property messages print `self` unresolved. */
export function typedPropertyValue(
  m: Machine, spec: TypeSpec, owner: ClassDef, name: string, v: Zval, calledScope: ClassDef | null, viaReference = false,
): Zval {
  const c = coerce({ m, self: owner, calledScope, strict: m.strictTypes }, spec, v);
  if (c === v) return v;
  const target = viaReference ? 'reference held by property' : 'property';
  const message = `Cannot assign ${givenName(v)} to ${target} ${owner.name}::$${name} of type ${typeText(spec, null, null)}`;
  release(m, v, false);
  if (c !== undefined) return c;
  throwError(m, 'TypeError', message);
}

/** References bound to a typed property keep its type: a write through them is checked too (ZEND_REF_HAS_TYPE_SOURCES). */
const typedRefs = new WeakMap<ZRef, { spec: TypeSpec; owner: ClassDef; name: string; scope: ClassDef }>();

export function addTypeSource(ref: ZRef, spec: TypeSpec, owner: ClassDef, name: string, scope: ClassDef): void {
  typedRefs.set(ref, { spec, owner, name, scope });
}

/** The value a write through `ref` stores (unchanged for an untyped reference). */
export function referenceValue(m: Machine, ref: ZRef, v: Zval): Zval {
  const t = typedRefs.get(ref);
  return t ? typedPropertyValue(m, t.spec, t.owner, t.name, v, t.scope, true) : v;
}

/** A type written in PHP's notation (`?int`, `Countable|array`), for the built-ins' parameter tables. */
export function typeSpecFromText(text: string): TypeSpec {
  const spec: TypeSpec = { builtins: new Set(), classes: [] };
  for (const part of text.replace(/^\?/, '').split('|')) {
    const lc = part.toLowerCase();
    if (BUILTIN.has(lc)) spec.builtins.add(lc);
    else spec.classes.push(part);
  }
  if (text.startsWith('?')) spec.builtins.add('null');
  return spec;
}
