// Enums (zend_enum.c): each case is an object of the enum class with readonly `name` (and `value` when backed),
// created when first needed (see enumCase for which cases appear when; cases(), from() and tryFrom() build all of
// them in declaration order) and kept by the class for the rest of the script.
// Without opcache a multi-byte string backing value is the compiled literal, shared with the case (refcounted).
import type { Node } from '../core/parse.js';
import type { Machine } from './machine.js';
import { newClassDef, type ClassDef } from './classes.js';
import type { FuncDef, NativeCtx } from './functions.js';
import { newArray, newString } from './alloc.js';
import { bin } from './memory.js';
import { arrayAppend, arraySet } from './arrays.js';
import { copyOut } from './values.js';
import { isRef, isStr, isZString, strOf, type Slot, type ZArray, type ZObject, type Zval } from './zval.js';
import { createObject, throwError } from './calls.js';
import { evalExpr } from './interpreter.js';
import { toInt } from './convert.js';

function enumInterface(m: Machine, name: string, parent?: ClassDef): ClassDef {
  let c = m.classes.get(name.toLowerCase());
  if (!c) {
    c = newClassDef(name, null);
    c.internal = true;
    c.isInterface = true;
    if (parent) c.interfaces.push(parent);
    m.classes.set(name.toLowerCase(), c);
  }
  return c;
}

function staticMethod(cls: ClassDef, name: string, impl: (c: NativeCtx) => Zval): void {
  const f: FuncDef = {
    name, kind: 'method', params: [], body: null, expr: null, isStatic: true, byRefReturn: false, cls, visibility: 'public',
    isAbstract: false, cvs: [], statics: null, returnType: null, node: null, native: impl, line: 0,
  };
  cls.methods.set(name.toLowerCase(), f);
}

export function initEnum(m: Machine, cls: ClassDef, n: Node): void {
  const type = n.valueType ? String(n.valueType.name).toLowerCase() : null;
  cls.enumKind = type === 'int' ? 'int' : type === 'string' ? 'string' : 'pure';
  cls.cases = new Map();
  const unit = enumInterface(m, 'UnitEnum');
  cls.interfaces.push(cls.enumKind === 'pure' ? unit : enumInterface(m, 'BackedEnum', unit));
  const prop = (name: string) => {
    const d = { name, def: null, hasDefault: false, type: null, visibility: 'public' as const, declaringClass: cls };
    cls.props.push(d);
    cls.propMap.set(name, d);
    (cls.readonly ??= new Set()).add(name);
  };
  prop('name');
  if (cls.enumKind !== 'pure') prop('value');
  staticMethod(cls, 'cases', (c) => {
    ensureCases(c.m, cls);
    const a = newArray(c.m, cls.cases!.size);
    for (const k of cls.cases!.values()) arrayAppend(c.m, a, copyOut(k.obj!));
    return a;
  });
  if (cls.enumKind === 'pure') return;
  const lookup = (c: NativeCtx, orNull: boolean): Zval => {
    ensureCases(c.m, cls);
    const s = c.args[0];
    const v = s === undefined ? null : isRef(s) ? s.val : s;
    const want = cls.enumKind === 'int' ? toInt(v) : isStr(v) ? strOf(v) : String(v);
    for (const k of cls.cases!.values()) {
      const bv = k.obj!.props.get('value') as Zval;
      if ((isZString(bv) ? bv.s : bv) === want) return copyOut(k.obj!);
    }
    if (orNull) return null;
    const shown = typeof want === 'string' ? `"${want}"` : String(want);
    throwError(c.m, 'ValueError', `${shown} is not a valid backing value for enum ${cls.name}`);
  };
  staticMethod(cls, 'from', (c) => lookup(c, false));
  staticMethod(cls, 'tryFrom', (c) => lookup(c, true));
}

/** zend_update_class_constants: a backed enum first builds its value -> case table (a hash, kept per request
 * even under opcache), then every case object not created yet, in declaration order. */
export function ensureCases(m: Machine, cls: ClassDef): void {
  for (const name of cls.cases!.keys()) createCase(m, cls, name);
  if (cls.enumKind === 'pure' || backedTables.has(cls)) return;
  // zend_enum_build_backed_enum_table: value => case name, inserted in declaration order into a fresh table, so
  // small int values make it packed (and a lower value after a higher one turns it into a hash).
  const table = newArray(m);
  for (const [name, k] of cls.cases!) {
    const v = k.obj!.props.get('value') as Zval;
    arraySet(m, table, isZString(v) ? v.s : (v as number | string), name);
  }
  backedTables.set(cls, table);
}

const backedTables = new WeakMap<ClassDef, ZArray>();

/** Opcache off: each case constant is compiled to an AST (ZEND_AST_CONST_ENUM_INIT with the class name, the case
 * name and, when backed, the value: an 8-byte ref header, a 32-byte node and 24-byte zval leaves) that the first
 * access replaces by the case object and frees. Measured on 8.2: a pure case's first access is 56 - 96 = -40
 * bytes. Under opcache the AST stays in shared memory. */
const CASE_AST_BYTES = { pure: bin(8 + 32 + 2 * 24), backed: bin(8 + 32 + 3 * 24) };

function createCase(m: Machine, cls: ClassDef, name: string): void {
  const k = cls.cases!.get(name)!;
  if (k.obj) return;
  const o: ZObject = createObject(m, cls);
  k.obj = o;
  o.props.set('name', name);
  if (!m.opts.opcache) m.memory -= CASE_AST_BYTES[cls.enumKind === 'pure' ? 'pure' : 'backed'];
  if (cls.enumKind === 'pure' || !k.node) return;
  let v: Slot = evalExpr(m, k.node);
  if (typeof v === 'string' && v.length > 1 && !m.opts.opcache) {
    // The compiled literal, shared by the case and the code (compile-time memory).
    const lit = newString(m, v);
    m.memory -= lit.size;
    lit.size = 0;
    lit.rc = 2;
    v = lit;
  }
  o.props.set('value', v);
}

/** A case object by name, or undefined when `name` is no case. Observed on 8.2: a pure enum creates only the case
 * being accessed; a backed enum creates all of its cases on the first access to any of them. */
export function enumCase(m: Machine, cls: ClassDef, name: string): ZObject | undefined {
  if (!cls.cases?.has(name)) return undefined;
  if (cls.enumKind === 'pure') createCase(m, cls, name);
  else ensureCases(m, cls);
  return cls.cases.get(name)!.obj;
}
