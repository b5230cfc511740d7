// Declarations and calls: functions, methods, closures, `new`, clone, class constants and static properties.
// The refcount effects follow the VM: arguments are copied into the callee's CVs and released at return with a
// root check; `new` with a constructor and method calls on anything but $this hold the object for the call and
// release it afterwards (which makes it a possible root); temporaries die without a root check.
import type { Node } from '../core/parse.js';
import type { Frame, Machine } from './machine.js';
import { Guard, Thrown, Unsupported } from './errors.js';
import { chargeMemory, newArray, newObject, newRef } from './alloc.js';
import { arrayAppend } from './arrays.js';
import { addref, release } from './refcount.js';
import { copyOut } from './values.js';
import { findMethod, isSubclassOf, newClassDef, type ClassDef } from './classes.js';
import { collectCvs, type FuncDef, type ParamDef } from './functions.js';
import { CLOSURE_SIZE } from './closures.js';
import { PFloat, isArray, isObject, isRef, isStr, strOf, type Slot, type ZObject, type ZRef, type Zval } from './zval.js';
import { capacityFor, bin, ARRAY_HEADER } from './memory.js';
import {
  EMPTY_ARRAY, evalArgs, evalExpr, execBlock, frameOf, makeRef, materializeProps, unsupported, varPlace,
  type Place,
} from './interpreter.js';
import { nativeFunctions } from './builtins/index.js';
import { classNameOf } from './namespaces.js';
import { usesGuards } from './magic.js';
import { enumCase, initEnum } from './enums.js';
import { inlinableFunction, isLiteral } from './optimizer.js';
import { coerce, givenName, typeSpecFromText, typeSpecOf, typeText, typedPropertyValue, type TypeSpec } from './types.js';
import { nativeParamNames, nativeParamTypes } from './builtins/params.js';
import { sharedTable } from './proptable.js';
import { containsYield, createGenerator } from './generators.js';

function line(n: Node | null | undefined): number {
  return n?.loc?.start.line ?? 0;
}

function typeName(t: Node | null): string | null {
  if (!t) return null;
  if (t.kind === 'typereference' || t.kind === 'name') return t.name;
  return 'mixed';
}

function visibilityOf(flags: number | string | undefined): 'public' | 'protected' | 'private' {
  if (flags === 'protected' || flags === 2) return 'protected';
  if (flags === 'private' || flags === 4) return 'private';
  return 'public';
}

function params(nodes: Node[]): ParamDef[] {
  return nodes.map((p) => ({
    name: p.name.name ?? p.name,
    byRef: !!p.byref,
    variadic: !!p.variadic,
    def: p.value ?? null,
    promote: p.flags ? visibilityOf(p.flags & 7) : null,
    type: typeName(p.type),
    nullable: !!p.nullable,
    typeSpec: typeSpecOf(p.type, !!p.nullable, p.value?.kind === 'nullkeyword'),
  }));
}

export function makeFunc(n: Node, kind: FuncDef['kind'], cls: ClassDef | null): FuncDef {
  const ps = params(n.arguments ?? []);
  const isArrow = kind === 'arrow';
  const bodyNodes = isArrow ? null : n.body ? n.body.children ?? [] : null;
  const initial = ps.map((p) => p.name);
  if (kind === 'closure') for (const u of n.uses ?? []) if (!initial.includes(u.name)) initial.push(u.name);
  return {
    name: kind === 'closure' || isArrow ? '{closure}' : n.name.name ?? n.name,
    kind,
    params: ps,
    body: bodyNodes,
    expr: isArrow ? n.body : null,
    isStatic: !!n.isStatic,
    byRefReturn: !!n.byref,
    cls,
    visibility: visibilityOf(n.visibility),
    isAbstract: !!n.isAbstract || (kind === 'method' && !n.body),
    cvs: collectCvs(isArrow ? n.body : bodyNodes, initial),
    statics: null,
    returnType: typeName(n.type),
    returnSpec: typeSpecOf(n.type, !!n.nullable),
    isGenerator: !isArrow && containsYield(bodyNodes),
    node: n,
    line: line(n),
  };
}

export function declareFunction(m: Machine, n: Node): void {
  const f = makeFunc(n, 'function', null);
  if (n.fqName) f.name = n.fqName;
  const lc = f.name.toLowerCase();
  if (m.functions.get(lc)?.node === n) return; // hoisted already
  if (m.functions.has(lc) || nativeFunctions.has(lc)) {
    throw new Unsupported(line(n), `Cannot redeclare ${f.name}()`);
  }
  m.functions.set(lc, f);
}

export function resolveClassName(m: Machine, n: Node): string {
  if (n.kind !== 'name' && n.kind !== 'selfreference' && n.kind !== 'parentreference' && n.kind !== 'staticreference') {
    // $class::method(), $obj::CONST: a class-name string or an object's class.
    const v = evalExpr(m, n);
    const name = isObject(v) ? v.cls.name : isStr(v) ? strOf(v).replace(/^\\/, '') : null;
    release(m, v, false);
    if (name === null) throwError(m, 'Error', 'Cannot use value as class name');
    return name;
  }
  const raw: string = n.kind === 'name' ? classNameOf(n) : (n.raw ?? n.name ?? n.kind.replace('reference', '')).replace(/^\\/, '');
  const lc = raw.toLowerCase();
  const f = frameOf(m);
  if (lc === 'self') {
    if (!f.scope) throwError(m, 'Error', 'Cannot use "self" when no class scope is active');
    return f.scope.name;
  }
  if (lc === 'static') {
    if (!f.staticScope) throwError(m, 'Error', 'Cannot use "static" when no class scope is active');
    return f.staticScope.name;
  }
  if (lc === 'parent') {
    if (!f.scope?.parent) throwError(m, 'Error', 'Cannot use "parent" when current class scope has no parent');
    return f.scope.parent.name;
  }
  return raw;
}

export function lookupClass(m: Machine, name: string, required = true): ClassDef | null {
  const c = m.classes.get(name.toLowerCase());
  if (!c && required) throwError(m, 'Error', `Class "${name}" not found`);
  return c ?? null;
}

export function declareClass(m: Machine, n: Node): ClassDef {
  const name: string = n.fqName ?? n.name.name ?? n.name;
  let parent: ClassDef | null = null;
  const isInterface = n.kind === 'interface';
  if (!isInterface && n.extends) parent = lookupClass(m, classNameOf(n.extends), false) ?? unsupported(n, `parent class ${classNameOf(n.extends)} must be declared before ${name}`);
  const cls = newClassDef(name, parent, line(n));
  cls.isInterface = isInterface;
  cls.isAbstract = !!n.isAbstract;
  const ifaces: Node[] = isInterface ? n.extends ?? [] : n.implements ?? [];
  for (const i of ifaces) {
    const ic = lookupClass(m, classNameOf(i), false);
    if (!ic) unsupported(n, `interface ${classNameOf(i)} must be declared before ${name}`);
    cls.interfaces.push(ic);
  }
  if (n.kind === 'trait') {
    cls.isTrait = true;
    cls.node = n;
    m.classes.set(name.toLowerCase(), cls);
    return cls;
  }
  if (n.isReadonly) readonlyClasses.add(cls);
  if (n.kind === 'enum') initEnum(m, cls, n);
  declareMembers(cls, n.body as Node[]);
  const uses = (n.body as Node[]).filter((item) => item.kind === 'traituse');
  for (const u of uses) useTraits(m, cls, u);
  cls.useGuards = usesGuards(cls);
  m.classes.set(name.toLowerCase(), cls);
  if (parent?.defaults && !parent.internal && ownDefaultsLiteral(cls)) classDefaults(m, cls);
  return cls;
}

const readonlyClasses = new WeakSet<ClassDef>();
function classReadonly(cls: ClassDef): boolean {
  return readonlyClasses.has(cls);
}

/** Class members in declaration order; `fromTrait` marks members copied from a trait (the class's own win). */
type TraitRename = (lc: string) => { skip: boolean; aliases: { name: string; visibility?: string }[] };

function declareMembers(cls: ClassDef, items: Node[], fromTrait = false, rename?: TraitRename): void {
  for (const item of items) {
    switch (item.kind) {
      case 'propertystatement':
        for (const p of item.properties) {
          const pname = p.name.name ?? p.name;
          if (item.isStatic) {
            cls.staticDecls.push({ name: pname, def: p.value ?? null, visibility: visibilityOf(item.visibility), typeSpec: typeSpecOf(p.type, !!p.nullable) });
            continue;
          }
          const decl = {
            name: pname, def: p.value ?? null, hasDefault: !!p.value || !p.type, type: typeName(p.type),
            typeSpec: typeSpecOf(p.type, !!p.nullable),
            visibility: visibilityOf(item.visibility), declaringClass: cls,
          };
          if (p.type && p.nullable && decl.type) decl.type = '?' + decl.type;
          if (fromTrait && cls.propMap.get(pname)?.declaringClass === cls) continue;
          addProp(cls, decl);
          if (p.readonly || classReadonly(cls)) (cls.readonly ??= new Set()).add(pname);
        }
        break;
      case 'classconstant':
        for (const c of item.constants) cls.consts.set(c.name.name ?? c.name, { node: c.value });
        break;
      case 'method': {
        const f = makeFunc(item, 'method', cls);
        let lc = f.name.toLowerCase();
        if (fromTrait) {
          const r = rename!(lc);
          for (const a of r.aliases) {
            const g = makeFunc(item, 'method', cls);
            g.name = a.name;
            if (a.visibility) g.visibility = a.visibility as FuncDef['visibility'];
            if (!cls.methods.has(a.name.toLowerCase())) cls.methods.set(a.name.toLowerCase(), g);
          }
          if (r.skip || cls.methods.get(lc)?.cls === cls && ownMethods(cls).has(lc)) break;
        }
        cls.methods.set(lc, f);
        lc = f.name.toLowerCase();
        if (lc === '__construct') {
          cls.constructor = f;
          f.params.forEach((p, i) => {
            if (!p.promote) return;
            addProp(cls, { name: p.name, def: null, hasDefault: false, type: p.type ? (p.nullable ? '?' : '') + p.type : null, typeSpec: p.typeSpec, visibility: p.promote, declaringClass: cls });
            if (item.arguments[i].readonly || classReadonly(cls)) (cls.readonly ??= new Set()).add(p.name);
          });
        }
        if (lc === '__destruct') cls.destructor = f;
        if (!fromTrait) ownMethods(cls).add(lc);
        break;
      }
      case 'traituse':
        break;
      case 'enumcase':
        if (!cls.cases) unsupported(item, 'enum case outside an enum');
        cls.cases.set(item.name.name ?? item.name, { node: item.value ?? null });
        break;
      default:
        unsupported(item, `class member ${item.kind}`);
    }
  }
}

const ownMethodSets = new WeakMap<ClassDef, Set<string>>();
function ownMethods(cls: ClassDef): Set<string> {
  let s = ownMethodSets.get(cls);
  if (!s) ownMethodSets.set(cls, (s = new Set()));
  return s;
}

/** zend_do_bind_traits: copy each trait's members, honouring `insteadof` exclusions and `as` aliases. */
function useTraits(m: Machine, cls: ClassDef, u: Node, direct = true): void {
  const adaptations: Node[] = u.adaptations ?? [];
  for (const t of u.traits as Node[]) {
    const trait = lookupClass(m, classNameOf(t), false);
    if (!trait?.isTrait) unsupported(u, `trait ${classNameOf(t)} must be declared before ${cls.name}`);
    const isThis = (n: Node | null) => !n || lookupClass(m, classNameOf(n), false) === trait;
    const rename = (lc: string) => {
      const skip = adaptations.some((a) => a.kind === 'traitprecedence' && a.method.name.toLowerCase() === lc &&
        (a.instead as Node[]).some((i) => lookupClass(m, classNameOf(i), false) === trait));
      const aliases = adaptations
        .filter((a) => a.kind === 'traitalias' && a.method.name.toLowerCase() === lc && isThis(a.trait))
        .map((a) => ({ name: a.as?.name ?? a.method.name, visibility: a.visibility || undefined }));
      return { skip, aliases };
    };
    const body = trait.node!.body as Node[];
    if (direct && !cls.traits?.includes(trait)) (cls.traits ??= []).push(trait);
    declareMembers(cls, body, true, rename);
    for (const inner of body.filter((item) => item.kind === 'traituse')) useTraits(m, cls, inner, false);
  }
}

function addProp(cls: ClassDef, decl: ClassDef['props'][number]): void {
  const i = cls.props.findIndex((p) => p.name === decl.name);
  if (i >= 0) cls.props[i] = decl;
  else cls.props.push(decl);
  cls.propMap.set(decl.name, decl);
}

/** Evaluate default property values once per class (the class keeps them; objects get copies). */
function classDefaults(m: Machine, cls: ClassDef): (Slot | undefined)[] {
  if (cls.defaults) return cls.defaults;
  const parent = cls.parent && !cls.parent.internal ? cls.parent : null;
  const inherited = parent ? classDefaults(m, parent) : [];
  const out: (Slot | undefined)[] = [];
  withClassFrame(m, cls, () => {
    cls.props.forEach((p, i) => {
      if (parent && parent.props[i] === p) {
        // zend_do_inheritance: the child's default table holds the parent's values (ZVAL_COPY_PROP).
        const v = inherited[i];
        addref(v);
        out.push(v);
      } else if (!p.hasDefault) out.push(undefined);
      else if (!p.def) out.push(null);
      else {
        const v = evalExpr(m, p.def);
        if (isArray(v) && !v.immutable && m.literals.get(p.def) === v) {
          // The compiled literal moves into the class's default table.
          m.literals.delete(p.def);
          v.rc--;
        }
        out.push(v);
      }
    });
  });
  cls.defaults = out;
  // Subclasses declared already have held these values since their declaration.
  for (const c of m.classes.values()) if (c.parent === cls && !c.defaults && ownDefaultsLiteral(c)) classDefaults(m, c);
  return out;
}

/** Whether a class's own property defaults are compile-time literals (safe to evaluate early). */
function ownDefaultsLiteral(cls: ClassDef): boolean {
  return cls.props.every((p, i) => (cls.parent && cls.parent.props[i] === p) || !p.def || isLiteral(p.def));
}

function withClassFrame<T>(m: Machine, cls: ClassDef, fn: () => T): T {
  const f: Frame = { name: cls.name, vars: new Map(), thisObj: null, scope: cls, staticScope: cls, func: null, line: m.line };
  m.frames.push(f);
  try {
    return fn();
  } finally {
    m.frames.pop();
  }
}

export function createObject(m: Machine, cls: ClassDef): ZObject {
  if (cls.isAbstract || cls.isInterface) {
    throwError(m, 'Error', `Cannot instantiate ${cls.isInterface ? 'interface' : 'abstract class'} ${cls.name}`);
  }
  const defaults = cls.internal ? [] : classDefaults(m, cls);
  const o = newObject(m, cls, cls.props.length + (cls.useGuards ? 1 : 0));
  cls.props.forEach((p, i) => {
    const d = defaults[i];
    addref(d);
    o.props.set(p.name, d);
  });
  // Internal state comes from the nearest internal ancestor (a user exception gets its file, line and trace).
  for (let c: ClassDef | null = cls; c; c = c.parent) {
    if (c.createInternal) {
      c.createInternal(o);
      break;
    }
  }
  return o;
}

export function instantiate(m: Machine, name: string, argNodes: Node[], node: Node): Zval {
  const cls = lookupClass(m, name)!;
  const o = createObject(m, cls);
  const ctor = cls.constructor;
  if (!ctor) {
    if (argNodes.length) {
      const args = evalArgs(m, argNodes, () => false);
      for (const a of args) release(m, a, false);
    }
    return o;
  }
  let args: Slot[];
  try {
    args = evalArgs(m, argNodes, (i) => byRefParam(ctor, i), ctor);
  } catch (e) {
    release(m, o, false);
    throw e;
  }
  o.rc++;
  try {
    release(m, invoke(m, ctor, args, o, cls, node), false);
  } catch (e) {
    // A constructor that throws leaves an object whose destructor must never run.
    o.dtorCalled = true;
    release(m, o, true);
    release(m, o, false);
    throw e;
  }
  release(m, o, true);
  return o;
}

function byRefParam(f: FuncDef, i: number): boolean {
  if (f.native) {
    const br = f.nativeByRef ?? [];
    return br.includes(i) || (br.includes(-1) && i >= Math.max(...br.filter((x) => x >= 0), 0));
  }
  const p = f.params[i] ?? (f.params.length && f.params[f.params.length - 1].variadic ? f.params[f.params.length - 1] : undefined);
  return !!p?.byRef;
}

/** Run a function with arguments the caller owns; returns an owned value. */
export function invoke(
  m: Machine, f: FuncDef, args: Slot[], thisObj: ZObject | null, staticScope: ClassDef | null, node: Node | null,
  closure: ZObject | null = null,
): Zval {
  if (f.isAbstract) throwError(m, 'Error', `Cannot call abstract method ${f.cls?.name}::${f.name}()`);
  if (f.native) {
    const outer = m.nativeCall;
    const name = f.cls ? `${f.cls.name}${thisObj ? '->' : '::'}${f.name}` : f.name;
    m.nativeCall = { name, line: line(node) || m.line };
    try {
      if (m.strictTypes && !f.cls) checkNativeArgs(m, f, args);
      return f.native({ m, thisObj, line: m.line, args });
    } finally {
      m.nativeCall = outer;
      for (const a of args) release(m, a, false);
    }
  }
  if (m.frames.length >= m.opts.maxDepth) {
    for (const a of args) release(m, a, false);
    throw new Guard(line(node) || m.line, `recursion depth limit of ${m.opts.maxDepth} frames reached`);
  }
  const frame: Frame = {
    name: f.cls ? `${f.cls.name}::${f.name}` : f.name,
    vars: new Map(f.cvs.map((n) => [n, undefined])),
    thisObj,
    scope: closure?.closure?.scope ?? f.cls,
    staticScope: staticScope ?? f.cls,
    func: f,
    line: f.line,
    // Called from an internal function (callbacks, destructors, magic methods): no caller line (-1).
    callLine: node ? line(node) || m.line : -1,
    internalCaller: node ? null : m.nativeCall,
  };
  const extra: Slot[] = [];
  const callerLine = m.line;
  const nativeCaller = m.nativeCall;
  let ret: Slot = null;
  let generator: ZObject | null = null;
  m.frames.push(frame);
  m.nativeCall = null;
  try {
    bindParams(m, f, frame, args, extra);
    if (closure?.closure) {
      for (const [name, s] of closure.closure.captured) {
        if (isRef(s)) {
          addref(s);
          frame.vars.set(name, s);
        } else frame.vars.set(name, copyOut(s));
      }
    }
    if (f.name === '__construct' && thisObj) {
      for (const p of f.params) {
        if (!p.promote) continue;
        const v = copyOut(frame.vars.get(p.name));
        const old = thisObj.props.get(p.name);
        thisObj.props.set(p.name, v);
        release(m, old, true);
      }
    }
    if (f.isGenerator) {
      // The frame moves into the Generator object; the body runs when the generator is used.
      // Arguments beyond the declared (non-variadic) parameters keep slots in the frame.
      const declared = f.params.filter((p) => !p.variadic).length;
      generator = createGenerator(m, f, frame, extra, closure, Math.max(0, args.length - declared));
      return generator;
    }
    let returned = true;
    if (f.expr) ret = evalExpr(m, f.expr);
    else {
      const sig = execBlock(m, f.body ?? []);
      if (sig && sig.t === 'return') ret = sig.v;
      else returned = false;
    }
    if (f.returnSpec) ret = checkReturn(m, f, frame, ret, returned);
  } finally {
    // i_free_compiled_variables: CVs in declaration order, each with a root check; then extra arguments.
    if (!generator) {
      for (const s of frame.vars.values()) release(m, s, true);
      for (const s of extra) release(m, s, true);
    }
    m.frames.pop();
    m.line = callerLine;
    m.nativeCall = nativeCaller;
  }
  if (isRef(ret) && !(node && m.refCall === node)) {
    // A by-reference result used as a value: the caller copies the value out and frees the wrapper.
    const ref: ZRef = ret;
    ret = copyOut(ref);
    release(m, ref, false);
  }
  return ret as Zval;
}

function bindParams(m: Machine, f: FuncDef, frame: Frame, args: Slot[], extra: Slot[]): void {
  for (let i = 0; i < f.params.length; i++) {
    const p = f.params[i];
    if (p.variadic) {
      const rest = args.slice(i);
      const a = rest.length ? newArray(m, rest.length) : EMPTY_ARRAY;
      for (const v of rest) arrayAppend(m, a, v);
      frame.vars.set(p.name, a);
      if (p.typeSpec) [...a.ht.keys()].forEach((k, j) => checkArg(m, f, frame, i + j, p, a.ht, k, args, extra));
      return;
    }
    let v: Slot;
    if (i < args.length && args[i] !== undefined) {
      v = args[i];
      if (p.byRef && !isRef(v)) v = newRef(m, v as Zval);
      else if (!p.byRef && isRef(v)) {
        // A reference handed to a by-value parameter (array_walk, call_user_func): the parameter gets the value.
        const ref = v;
        v = copyOut(ref);
        release(m, ref, false);
      }
      frame.vars.set(p.name, v);
      if (p.typeSpec) checkArg(m, f, frame, i, p, frame.vars, p.name, args, extra);
      continue;
    } else if (p.def) v = evalExpr(m, p.def);
    else {
      for (let j = i; j < args.length; j++) release(m, args[j], false);
      const required = f.params.filter((q) => !q.def && !q.variadic).length;
      const where = frame.callLine! >= 0 ? ` in ${m.opts.file} on line ${frame.callLine}` : '';
      m.line = f.line;
      throwError(m, 'ArgumentCountError', `Too few arguments to function ${funcName(f)}(), ${args.length} passed${where} and ${required === f.params.length ? 'exactly' : 'at least'} ${required} expected`);
    }
    frame.vars.set(p.name, v);
  }
  for (let i = f.params.length; i < args.length; i++) extra.push(args[i]);
}

const nativeSpecs = new Map<string, TypeSpec[]>();

/** Under strict_types a built-in's scalar parameters take only their own type (an int still passes for a float). */
function checkNativeArgs(m: Machine, f: FuncDef, args: Slot[]): void {
  const types = nativeParamTypes.get(f.name);
  if (!types) return;
  let specs = nativeSpecs.get(f.name);
  if (!specs) nativeSpecs.set(f.name, (specs = types.map(typeSpecFromText)));
  const ctx = { m, self: null, calledScope: null, strict: true };
  args.forEach((a, i) => {
    const spec = specs![i];
    if (!spec || a === undefined || isRef(a) || coerce(ctx, spec, a) !== undefined) return;
    const name = nativeParamNames.get(f.name)![i];
    throwError(m, 'TypeError', `${f.name}(): Argument #${i + 1} ($${name}) must be of type ${typeText(spec, null, null)}, ${givenName(a)} given`);
  });
}

/** The function as PHP names it in messages: `f`, `A::m`, `{closure}`. */
function funcName(f: FuncDef): string {
  return f.cls ? `${f.cls.name}::${f.name}` : f.name;
}

function typeContext(m: Machine, f: FuncDef, frame: Frame) {
  return { m, self: f.cls, calledScope: frame.staticScope, strict: m.strictTypes };
}

/** ZEND_RECV's type check on an argument already stored in the callee's frame (the value is converted in place,
 * through the reference for a by-reference parameter). On failure the remaining arguments are bound too, so the
 * frame's cleanup frees everything in PHP's order, and a TypeError is thrown from the function's line. */
function checkArg(
  m: Machine, f: FuncDef, frame: Frame, i: number, p: ParamDef, holder: Map<any, Slot | undefined>, key: unknown,
  args: Slot[], extra: Slot[],
): void {
  const slot = holder.get(key);
  const v = isRef(slot) ? slot.val : (slot as Zval);
  const c = coerce(typeContext(m, f, frame), p.typeSpec!, v);
  if (c !== undefined) {
    if (c === v) return;
    if (isRef(slot)) slot.val = c;
    else holder.set(key, c);
    release(m, v, false);
    return;
  }
  if (!p.variadic) {
    for (let j = i + 1; j < args.length; j++) {
      if (j < f.params.length && !f.params[j].variadic) frame.vars.set(f.params[j].name, args[j]);
      else extra.push(args[j]);
    }
  }
  const called = frame.callLine! >= 0 ? `, called in ${m.opts.file} on line ${frame.callLine}` : '';
  m.line = f.line;
  throwError(m, 'TypeError', `${funcName(f)}(): Argument #${i + 1}${p.variadic ? '' : ` ($${p.name})`} must be of type ${typeText(p.typeSpec!, f.cls, frame.staticScope)}, ${givenName(v)} given${called}`);
}

/** ZEND_VERIFY_RETURN_TYPE, still inside the callee's frame; a function that ends without `return` reports
 * "none returned" from its closing line. */
function checkReturn(m: Machine, f: FuncDef, frame: Frame, ret: Slot, returned: boolean): Slot {
  const spec = f.returnSpec!;
  if (spec.builtins.has('void') || spec.builtins.has('mixed') && returned) return ret;
  if (spec.builtins.has('never')) {
    release(m, ret, false);
    m.line = f.node?.loc?.end.line ?? m.line;
    throwError(m, 'TypeError', `${funcName(f)}(): never-returning function must not implicitly return`);
  }
  const v = isRef(ret) ? ret.val : (ret as Zval);
  const c = returned ? coerce(typeContext(m, f, frame), spec, v) : undefined;
  if (c !== undefined) {
    if (c === v) return ret;
    if (isRef(ret)) {
      ret.val = c;
      release(m, v, false);
      return ret;
    }
    release(m, v, false);
    return c;
  }
  release(m, ret, false);
  if (!returned) m.line = f.node?.loc?.end.line ?? m.line;
  throwError(m, 'TypeError', `${funcName(f)}(): Return value must be of type ${typeText(spec, f.cls, frame.staticScope)}, ${returned ? givenName(v) : 'none'} returned`);
}

export function callFunctionByName(m: Machine, nameNode: Node, argNodes: Node[], node: Node): Zval {
  // Namespaced code tries its own namespace first, then the global function (FACTS: zend_resolve_function_name).
  const candidates: string[] = nameNode.fqFunc ?? [nameNode.name.replace(/^\\/, '')];
  const name = candidates.find((c) => m.functions.has(c.toLowerCase()) || nativeFunctions.has(c.toLowerCase())) ?? candidates[candidates.length - 1];
  const lc = name.toLowerCase();
  const user = m.functions.get(lc);
  const inlined = inlinableFunction(m, node);
  if (inlined) {
    // Under opcache the call is replaced by the constant it returns; the arguments are still evaluated.
    const args = evalArgs(m, argNodes, () => false);
    for (const a of args) release(m, a, false);
    const ret = (inlined.body ?? [])[0];
    return ret?.expr ? evalExpr(m, ret.expr) : null;
  }
  if (user) {
    const args = evalArgs(m, argNodes, (i) => byRefParam(user, i), user);
    return invoke(m, user, args, null, null, node);
  }
  const nat = nativeFunctions.get(lc);
  if (!nat) throw new Unsupported(line(node), `function ${name}() is not supported by the simulator`);
  const args = evalArgs(m, argNodes, (i) => byRefParam(nat, i), nat);
  return invoke(m, nat, args, null, null, node);
}

export function callMethod(m: Machine, obj: ZObject, name: string, argNodes: Node[], node: Node, releaseThis: boolean): Zval {
  const lc = name.toLowerCase();
  if (obj.closure && (lc === 'call' || lc === '__invoke' || lc === 'bindto' || lc === 'bind')) {
    if (lc === '__invoke') return callClosure(m, obj, argNodes, node, releaseThis);
    let args: Slot[];
    try {
      args = evalArgs(m, argNodes, () => false);
    } catch (e) {
      if (releaseThis) release(m, obj, false);
      throw e;
    }
    try {
      if (lc === 'call') return closureCall(m, obj, args, node);
      const rest = lc === 'bind' ? args.slice(1) : args;
      return bindClosure(m, lc === 'bind' ? (derefSlot(args[0]) as ZObject) : obj, derefSlot(rest[0]), rest.length > 1 ? derefSlot(rest[1]) : 'static');
    } finally {
      for (const a of args) release(m, a, false);
      if (releaseThis) release(m, obj, true);
    }
  }
  const f = findMethod(obj.cls, lc);
  if (!f) {
    const magic = findMethod(obj.cls, '__call');
    if (magic) return callMagicMethod(m, magic, obj, obj.cls, name, argNodes, node, releaseThis);
    if (releaseThis) release(m, obj, false);
    throwError(m, 'Error', `Call to undefined method ${obj.cls.name}::${name}()`);
  }
  let args: Slot[];
  try {
    args = evalArgs(m, argNodes, (i) => byRefParam(f, i), f);
  } catch (e) {
    if (releaseThis) release(m, obj, false);
    throw e;
  }
  try {
    if (f.isStatic) return invoke(m, f, args, null, obj.cls, node);
    return invoke(m, f, args, obj, obj.cls, node);
  } finally {
    if (releaseThis) release(m, obj, true);
  }
}

export function callStatic(m: Machine, clsNode: Node, name: string, argNodes: Node[], node: Node): Zval {
  const raw = (clsNode.raw ?? clsNode.name ?? '').toLowerCase();
  const cname = resolveClassName(m, clsNode);
  const cls = lookupClass(m, cname)!;
  if (cls === closureClass(m)) {
    const lc = name.toLowerCase();
    if (lc !== 'bind' && lc !== 'fromcallable') throwError(m, 'Error', `Call to undefined method Closure::${name}()`);
    if (argNodes.length === 1 && argNodes[0].kind === 'variadicplaceholder') unsupported(node, `Closure::${name}(...)`);
    const args = evalArgs(m, argNodes, () => false);
    try {
      if (lc === 'fromcallable') return closureFromCallable(m, derefSlot(args[0]), node);
      return bindClosure(m, derefSlot(args[0]) as ZObject, derefSlot(args[1]), args.length > 2 ? derefSlot(args[2]) : 'static');
    } finally {
      for (const a of args) release(m, a, false);
    }
  }
  const f = findMethod(cls, name.toLowerCase());
  const frame = frameOf(m);
  if (!f) {
    // __call when an instance of the class is calling, else __callStatic (zend_std_get_static_method).
    const viaThis = frame.thisObj && isSubclassOf(frame.thisObj.cls, cls) ? findMethod(cls, '__call') : null;
    if (viaThis) return callMagicMethod(m, viaThis, frame.thisObj!, cls, name, argNodes, node, false);
    const magic = findMethod(cls, '__callstatic');
    if (magic) return callMagicMethod(m, magic, null, cls, name, argNodes, node, false);
    throwError(m, 'Error', `Call to undefined method ${cls.name}::${name}()`);
  }
  const args = evalArgs(m, argNodes, (i) => byRefParam(f, i), f);
  // parent::/self::/static:: (or an ancestor's name) from an instance method keep $this; forwarding keeps static::.
  const thisObj = !f.isStatic && frame.thisObj && isSubclassOf(frame.thisObj.cls, cls) ? frame.thisObj : null;
  if (!f.isStatic && !thisObj) throwError(m, 'Error', `Non-static method ${cls.name}::${f.name}() cannot be called statically`);
  const forwarding = raw === 'parent' || raw === 'self' || raw === 'static';
  const staticScope = forwarding ? frame.staticScope : cls;
  return invoke(m, f, args, thisObj, staticScope, node);
}

/** __call/__callStatic: the arguments are collected into an array and passed with the method name. */
function callMagicMethod(
  m: Machine, magic: FuncDef, obj: ZObject | null, cls: ClassDef, name: string, argNodes: Node[], node: Node, releaseThis: boolean,
): Zval {
  let args: Slot[];
  try {
    args = evalArgs(m, argNodes, () => false);
  } catch (e) {
    if (releaseThis && obj) release(m, obj, false);
    throw e;
  }
  const arr = args.length ? newArray(m, args.length) : EMPTY_ARRAY;
  for (const a of args) arrayAppend(m, arr, a);
  try {
    return invoke(m, magic, [name, arr], obj, obj?.cls ?? cls, node);
  } finally {
    if (releaseThis && obj) release(m, obj, true);
  }
}

function derefSlot(s: Slot | undefined): Zval {
  return s === undefined ? null : isRef(s) ? s.val : s;
}

/** A new Closure object (zend_closure, 384 bytes) for `f`; `captured` becomes its static-variables table. */
function newClosureObject(m: Machine, f: FuncDef, captured: Map<string, Slot>, thisObj: ZObject | null, scope: ClassDef | null): ZObject {
  const o = newObject(m, closureClass(m), 0);
  o.size = CLOSURE_SIZE;
  chargeMemory(m, CLOSURE_SIZE - bin(40));
  if (captured.size) {
    const size = ARRAY_HEADER + bin(40 * capacityFor(captured.size));
    chargeMemory(m, size);
    o.size += size;
  }
  if (thisObj) addref(thisObj);
  o.closure = { func: f, captured, thisObj, scope };
  return o;
}

/** Closure::bind / bindTo: a copy with another $this and scope; captured variables are duplicated (references
 * stay shared). `scope` is 'static' (keep), an object (its class) or a class name. */
function bindClosure(m: Machine, src: ZObject, newThis: Zval, scope: Zval): Zval {
  if (!isObject(src) || !src.closure) throwError(m, 'TypeError', 'Closure::bind(): Argument #1 ($closure) must be of type Closure');
  const c = src.closure;
  let cls = c.scope;
  if (isObject(scope)) cls = scope.cls;
  else if (isStr(scope) && strOf(scope) !== 'static') cls = lookupClass(m, strOf(scope).replace(/^\\/, ''))!;
  if (newThis !== null && !isObject(newThis)) throwError(m, 'TypeError', 'Closure::bind(): Argument #2 ($newThis) must be of type ?object');
  const captured = new Map<string, Slot>();
  for (const [k, s] of c.captured) {
    addref(s);
    captured.set(k, s);
  }
  return newClosureObject(m, c.func, captured, isObject(newThis) ? newThis : null, cls);
}

/** Closure::call: runs the closure's function with $this = newThis and its class as scope, no new closure. */
function closureCall(m: Machine, fobj: ZObject, args: Slot[], node: Node): Zval {
  const newThis = derefSlot(args[0]);
  if (!isObject(newThis)) throwError(m, 'TypeError', 'Closure::call(): Argument #1 ($newThis) must be of type object');
  const c = fobj.closure!;
  const rest = args.slice(1);
  for (const a of rest) addref(a);
  const view = { ...fobj, closure: { ...c, thisObj: newThis, scope: newThis.cls } } as ZObject;
  return invoke(m, c.func, rest, newThis, newThis.cls, node, view);
}

/** First-class callable syntax and Closure::fromCallable (zend_create_fake_closure). */
export function closureFromCallable(m: Machine, callable: Zval, node: Node): Zval {
  if (isObject(callable) && callable.closure) {
    addref(callable);
    return callable;
  }
  let f: FuncDef | null = null;
  let thisObj: ZObject | null = null;
  let scope: ClassDef | null = null;
  if (isStr(callable)) {
    const name = strOf(callable).replace(/^\\/, '');
    const cut = name.indexOf('::');
    if (cut > 0) {
      scope = lookupClass(m, name.slice(0, cut))!;
      f = findMethod(scope, name.slice(cut + 2).toLowerCase());
    } else f = m.functions.get(name.toLowerCase()) ?? nativeFunctions.get(name.toLowerCase()) ?? null;
  } else if (isArray(callable) && callable.ht.size === 2) {
    const [target, meth] = [...callable.ht.values()].map(derefSlot);
    if (isObject(target) && isStr(meth)) {
      scope = target.cls;
      f = findMethod(scope, strOf(meth).toLowerCase());
      if (f && !f.isStatic) thisObj = target;
    } else if (isStr(target) && isStr(meth)) {
      scope = lookupClass(m, strOf(target))!;
      f = findMethod(scope, strOf(meth).toLowerCase());
    }
  } else if (isObject(callable)) {
    scope = callable.cls;
    f = findMethod(scope, '__invoke');
    thisObj = callable;
  }
  if (!f) unsupported(node, 'this kind of callable for a Closure');
  return newClosureObject(m, f, new Map(), thisObj, scope ?? f.cls);
}

export function createClosure(m: Machine, n: Node, arrow: boolean): Zval {
  let f = closureFuncs.get(n);
  const frame = frameOf(m);
  if (!f) {
    f = makeFunc(n, arrow ? 'arrow' : 'closure', frame.scope);
    closureFuncs.set(n, f);
  }
  const o = newObject(m, closureClass(m), 0);
  o.size = CLOSURE_SIZE;
  chargeMemory(m, CLOSURE_SIZE - bin(40));
  const captured = new Map<string, Slot>();
  if (arrow) {
    const params = new Set(f.params.map((p) => p.name));
    for (const name of collectCvs(n.body)) {
      if (params.has(name)) continue;
      const s = frame.vars.get(name);
      if (s !== undefined) captured.set(name, copyOut(s));
    }
  } else {
    for (const u of n.uses ?? []) {
      if (u.byref) {
        const ref = makeRef(m, varPlace(m, u.name));
        addref(ref);
        captured.set(u.name, ref);
      } else {
        const s = frame.vars.get(u.name);
        if (s === undefined) m.stderr.push(`PHP Warning:  Undefined variable $${u.name} in ${m.opts.file} on line ${m.line}\n`);
        captured.set(u.name, copyOut(s));
      }
    }
  }
  if (captured.size) {
    // The closure's static-variables table.
    const size = ARRAY_HEADER + bin(40 * capacityFor(captured.size));
    chargeMemory(m, size);
    o.size += size;
  }
  const thisObj = !f.isStatic && frame.thisObj ? frame.thisObj : null;
  if (thisObj) addref(thisObj);
  o.closure = { func: f, captured, thisObj, scope: frame.scope };
  return o;
}

const closureFuncs = new WeakMap<Node, FuncDef>();

function closureClass(m: Machine): ClassDef {
  return m.classes.get('closure')!;
}

export function callClosure(m: Machine, fobj: ZObject, argNodes: Node[], node: Node, releaseAfter: boolean): Zval {
  const c = fobj.closure!;
  let args: Slot[];
  try {
    args = evalArgs(m, argNodes, (i) => byRefParam(c.func, i), c.func);
  } catch (e) {
    if (releaseAfter) release(m, fobj, false);
    throw e;
  }
  try {
    return invoke(m, c.func, args, c.thisObj, c.thisObj?.cls ?? c.scope, node, fobj);
  } finally {
    if (releaseAfter) release(m, fobj, true);
  }
}

/** Call a PHP callable value from a built-in (array_map, usort...): zend_call_function semantics. */
export function callCallable(m: Machine, callable: Zval, args: Zval[]): Zval {
  for (const a of args) addref(a);
  if (isObject(callable) && callable.closure) {
    const c = callable.closure;
    addref(callable);
    try {
      return invoke(m, c.func, args, c.thisObj, c.thisObj?.cls ?? c.scope, null, callable);
    } finally {
      release(m, callable, true);
    }
  }
  if (isObject(callable)) {
    const f = findMethod(callable.cls, '__invoke');
    if (f) {
      addref(callable);
      try {
        return invoke(m, f, args, callable, callable.cls, null);
      } finally {
        release(m, callable, true);
      }
    }
  }
  if (isStr(callable)) {
    const lc = strOf(callable).toLowerCase();
    const f = m.functions.get(lc) ?? nativeFunctions.get(lc);
    if (f) return invoke(m, f, args, null, null, null);
  }
  if (isArray(callable) && callable.ht.size === 2) {
    const [target, meth] = [...callable.ht.values()].map((s) => (isRef(s) ? s.val : s));
    if (isObject(target) && isStr(meth)) {
      const f = findMethod(target.cls, strOf(meth).toLowerCase());
      if (f) return invoke(m, f, args, f.isStatic ? null : target, target.cls, null);
    }
    if (isStr(target) && isStr(meth)) {
      const cls = lookupClass(m, strOf(target))!;
      const f = findMethod(cls, strOf(meth).toLowerCase());
      if (f) return invoke(m, f, args, null, cls, null);
    }
  }
  for (const a of args) release(m, a, false);
  throw new Unsupported(m.line, 'this kind of callable is not supported by the simulator');
}

export function staticPropSlot(m: Machine, clsName: string, name: string, node: Node): Place {
  const cls = lookupClass(m, clsName)!;
  for (let c: ClassDef | null = cls; c; c = c.parent) {
    const decl = c.staticDecls.find((d) => d.name === name);
    if (!decl) continue;
    if (!c.statics) {
      const owner = c;
      owner.statics = new Map();
      withClassFrame(m, owner, () => {
        for (const d of owner.staticDecls) {
          const v = d.def ? evalExpr(m, d.def) : null;
          if (isArray(v) && !v.immutable && d.def && m.literals.get(d.def) === v) {
            m.literals.delete(d.def);
            v.rc--;
          }
          owner.statics!.set(d.name, v);
        }
      });
    }
    const statics = c.statics!;
    const owner = c;
    return {
      get() {
        return statics.get(name);
      },
      set(v) {
        statics.set(name, decl.typeSpec && v !== undefined && !isRef(v) ? typedPropertyValue(m, decl.typeSpec, owner, name, v, cls) : v);
      },
    };
  }
  throwError(m, 'Error', `Access to undeclared static property ${cls.name}::$${name}`);
}

export function classConstant(m: Machine, clsName: string, name: string, node: Node): Zval {
  const cls = lookupClass(m, clsName)!;
  if (cls.cases) {
    const c = enumCase(m, cls, name);
    if (c) return copyOut(c);
  }
  for (let c: ClassDef | null = cls; c; c = c.parent) {
    const k = c.consts.get(name);
    if (!k) continue;
    if (k.value === undefined) {
      const owner = c;
      k.value = withClassFrame(m, owner, () => evalExpr(m, k.node!));
    }
    return copyOut(k.value);
  }
  for (const i of allInterfaces(cls)) {
    const k = i.consts.get(name);
    if (k) {
      if (k.value === undefined) k.value = withClassFrame(m, i, () => evalExpr(m, k.node!));
      return copyOut(k.value);
    }
  }
  throwError(m, 'Error', `Undefined constant ${cls.name}::${name}`);
}

function allInterfaces(cls: ClassDef): ClassDef[] {
  const out: ClassDef[] = [];
  for (let c: ClassDef | null = cls; c; c = c.parent) {
    for (const i of c.interfaces) out.push(i, ...allInterfaces(i));
  }
  return out;
}

export function instanceOf(m: Machine, v: ZObject, clsNode: Node): boolean {
  let name: string;
  if (clsNode.kind !== 'name' && !clsNode.kind.endsWith('reference')) {
    // $x instanceof $y: a class-name string or an object.
    const c = evalExpr(m, clsNode);
    name = isObject(c) ? c.cls.name : isStr(c) ? strOf(c).replace(/^\\/, '') : '';
    release(m, c, false);
    if (!name) throwError(m, 'Error', 'Class name must be a valid object or a string');
  } else name = resolveClassName(m, clsNode);
  const cls = lookupClass(m, name, false);
  return cls ? isSubclassOf(v.cls, cls) : false;
}

/** Throw a PHP exception of an internal class (Error, TypeError...). */
export function throwError(m: Machine, clsName: string, message: string): never {
  const cls = lookupClass(m, clsName, false) ?? lookupClass(m, 'Error')!;
  const o = createObject(m, cls);
  initThrowable(m, o, message);
  throw new Thrown(o);
}

export function initThrowable(m: Machine, o: ZObject, message: string, code = 0): void {
  o.props.set('message', message.length ? (message.length === 1 ? message : (m.opts.opcache ? message : message)) : '');
  o.props.set('code', code);
  o.props.set('file', m.opts.file);
  o.props.set('line', m.line);
}

export function cloneObject(m: Machine, src: ZObject): ZObject {
  if (src.cls.name === 'Generator') throwError(m, 'Error', 'Trying to clone an uncloneable object of class Generator');
  if (src.closure || src.cls.internal && src.cls.name !== 'stdClass') throw new Unsupported(m.line, `clone of ${src.cls.name}`);
  const o = newObject(m, src.cls, src.declared);
  for (const [k, s] of src.props) {
    // A reference nobody else holds is copied as its value.
    const v = isRef(s) && s.rc === 1 ? s.val : s;
    addref(v);
    o.props.set(k, v);
  }
  if (src.dynSize || sharedTable(src)) materializeProps(m, o);
  const cloneFn = findMethod(src.cls, '__clone');
  if (cloneFn) {
    o.rc++;
    try {
      release(m, invoke(m, cloneFn, [], o, o.cls, null), false);
    } finally {
      release(m, o, true);
    }
  }
  return o;
}

export function callDestructor(m: Machine, o: ZObject): void {
  // zend_objects_destroy_object holds the object for the call and releases it with OBJ_RELEASE.
  const f = o.cls.destructor!;
  o.rc++;
  try {
    release(m, invoke(m, f, [], o, o.cls, null), false);
  } finally {
    release(m, o, true);
  }
}

export type { ZRef };
