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
    node: n,
    line: line(n),
  };
}

export function declareFunction(m: Machine, n: Node): void {
  const f = makeFunc(n, 'function', null);
  const lc = f.name.toLowerCase();
  if (m.functions.get(lc)?.node === n) return; // hoisted already
  if (m.functions.has(lc) || nativeFunctions.has(lc)) {
    throw new Unsupported(line(n), `Cannot redeclare ${f.name}()`);
  }
  m.functions.set(lc, f);
}

export function resolveClassName(m: Machine, n: Node): string {
  if (n.kind !== 'name' && n.kind !== 'selfreference' && n.kind !== 'parentreference' && n.kind !== 'staticreference') {
    unsupported(n, 'dynamic class names');
  }
  const raw: string = (n.raw ?? n.name ?? n.kind.replace('reference', '')).replace(/^\\/, '');
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
  const name: string = n.name.name ?? n.name;
  let parent: ClassDef | null = null;
  const isInterface = n.kind === 'interface';
  if (!isInterface && n.extends) parent = lookupClass(m, n.extends.name, false) ?? unsupported(n, `parent class ${n.extends.name} must be declared before ${name}`);
  const cls = newClassDef(name, parent, line(n));
  cls.isInterface = isInterface;
  cls.isAbstract = !!n.isAbstract;
  const ifaces: Node[] = isInterface ? n.extends ?? [] : n.implements ?? [];
  for (const i of ifaces) {
    const ic = lookupClass(m, i.name, false);
    if (!ic) unsupported(n, `interface ${i.name} must be declared before ${name}`);
    cls.interfaces.push(ic);
  }
  for (const item of n.body as Node[]) {
    switch (item.kind) {
      case 'propertystatement':
        for (const p of item.properties) {
          const pname = p.name.name ?? p.name;
          if (item.isStatic) {
            cls.staticDecls.push({ name: pname, def: p.value ?? null, visibility: visibilityOf(item.visibility) });
            continue;
          }
          const decl = {
            name: pname, def: p.value ?? null, hasDefault: !!p.value || !p.type, type: typeName(p.type),
            visibility: visibilityOf(item.visibility), declaringClass: cls,
          };
          if (p.type && p.nullable && decl.type) decl.type = '?' + decl.type;
          addProp(cls, decl);
        }
        break;
      case 'classconstant':
        for (const c of item.constants) cls.consts.set(c.name.name ?? c.name, { node: c.value });
        break;
      case 'method': {
        const f = makeFunc(item, 'method', cls);
        cls.methods.set(f.name.toLowerCase(), f);
        const lc = f.name.toLowerCase();
        if (lc === '__construct') {
          cls.constructor = f;
          for (const p of f.params) {
            if (p.promote) addProp(cls, { name: p.name, def: null, hasDefault: false, type: p.type ? (p.nullable ? '?' : '') + p.type : null, visibility: p.promote, declaringClass: cls });
          }
        }
        if (lc === '__destruct') cls.destructor = f;
        if (lc === '__get' || lc === '__set' || lc === '__call' || lc === '__callstatic' || lc === '__isset' || lc === '__unset') {
          unsupported(item, `magic method ${f.name} is not supported by the simulator`);
        }
        break;
      }
      case 'traituse':
        unsupported(item, 'traits are not supported by the simulator');
      // eslint-disable-next-line no-fallthrough
      default:
        unsupported(item, `class member ${item.kind}`);
    }
  }
  m.classes.set(name.toLowerCase(), cls);
  return cls;
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
  const out: (Slot | undefined)[] = [];
  withClassFrame(m, cls, () => {
    for (const p of cls.props) {
      if (!p.hasDefault) out.push(undefined);
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
    }
  });
  cls.defaults = out;
  return out;
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
  const o = newObject(m, cls, cls.props.length);
  cls.props.forEach((p, i) => {
    const d = defaults[i];
    addref(d);
    o.props.set(p.name, d);
  });
  cls.createInternal?.(o);
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
    args = evalArgs(m, argNodes, (i) => byRefParam(ctor, i));
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
    try {
      return f.native({ m, thisObj, line: m.line, args });
    } finally {
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
  };
  const extra: Slot[] = [];
  const callerLine = m.line;
  m.frames.push(frame);
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
    let ret: Zval = null;
    if (f.expr) ret = evalExpr(m, f.expr);
    else {
      const sig = execBlock(m, f.body ?? []);
      if (sig && sig.t === 'return') ret = sig.v;
    }
    if (f.returnType === 'float' && typeof ret === 'number') ret = new PFloat(ret);
    return ret;
  } finally {
    // i_free_compiled_variables: CVs in declaration order, each with a root check; then extra arguments.
    for (const s of frame.vars.values()) release(m, s, true);
    for (const s of extra) release(m, s, true);
    m.frames.pop();
    m.line = callerLine;
  }
}

function bindParams(m: Machine, f: FuncDef, frame: Frame, args: Slot[], extra: Slot[]): void {
  for (let i = 0; i < f.params.length; i++) {
    const p = f.params[i];
    if (p.variadic) {
      const rest = args.slice(i);
      const a = rest.length ? newArray(m, rest.length) : EMPTY_ARRAY;
      for (const v of rest) arrayAppend(m, a, v);
      frame.vars.set(p.name, a);
      return;
    }
    let v: Slot;
    if (i < args.length) {
      v = args[i];
      if (p.byRef && !isRef(v)) v = newRef(m, v as Zval);
      if (!p.byRef && p.type === 'float' && typeof v === 'number') v = new PFloat(v);
    } else if (p.def) v = evalExpr(m, p.def);
    else {
      for (let j = i; j < args.length; j++) release(m, args[j], false);
      const fname = f.cls ? `${f.cls.name}::${f.name}` : f.name;
      const required = f.params.filter((q) => !q.def && !q.variadic).length;
      throwError(m, 'ArgumentCountError', `Too few arguments to function ${fname}(), ${args.length} passed and ${required === f.params.length ? 'exactly' : 'at least'} ${required} expected`);
    }
    frame.vars.set(p.name, v);
  }
  for (let i = f.params.length; i < args.length; i++) extra.push(args[i]);
}

export function callFunctionByName(m: Machine, nameNode: Node, argNodes: Node[], node: Node): Zval {
  const name: string = nameNode.name.replace(/^\\/, '');
  const lc = name.toLowerCase();
  const user = m.functions.get(lc);
  if (user) {
    const args = evalArgs(m, argNodes, (i) => byRefParam(user, i));
    return invoke(m, user, args, null, null, node);
  }
  const nat = nativeFunctions.get(lc);
  if (!nat) throw new Unsupported(line(node), `function ${name}() is not supported by the simulator`);
  const args = evalArgs(m, argNodes, (i) => byRefParam(nat, i));
  return invoke(m, nat, args, null, null, node);
}

export function callMethod(m: Machine, obj: ZObject, name: string, argNodes: Node[], node: Node, releaseThis: boolean): Zval {
  const lc = name.toLowerCase();
  if (obj.closure && (lc === 'call' || lc === '__invoke' || lc === 'bindto' || lc === 'bind')) {
    if (lc !== '__invoke') unsupported(node, `Closure::${name}()`);
    return callClosure(m, obj, argNodes, node, releaseThis);
  }
  const f = findMethod(obj.cls, lc);
  if (!f) {
    if (releaseThis) release(m, obj, false);
    throwError(m, 'Error', `Call to undefined method ${obj.cls.name}::${name}()`);
  }
  let args: Slot[];
  try {
    args = evalArgs(m, argNodes, (i) => byRefParam(f, i));
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
  const f = findMethod(cls, name.toLowerCase());
  if (!f) throwError(m, 'Error', `Call to undefined method ${cls.name}::${name}()`);
  const frame = frameOf(m);
  const args = evalArgs(m, argNodes, (i) => byRefParam(f, i));
  // parent::/self::/static:: (or an ancestor's name) from an instance method keep $this; forwarding keeps static::.
  const thisObj = !f.isStatic && frame.thisObj && isSubclassOf(frame.thisObj.cls, cls) ? frame.thisObj : null;
  if (!f.isStatic && !thisObj) throwError(m, 'Error', `Non-static method ${cls.name}::${f.name}() cannot be called statically`);
  const forwarding = raw === 'parent' || raw === 'self' || raw === 'static';
  const staticScope = forwarding ? frame.staticScope : cls;
  return invoke(m, f, args, thisObj, staticScope, node);
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
    args = evalArgs(m, argNodes, (i) => byRefParam(c.func, i));
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
    return { get: () => statics.get(name), set: (v) => statics.set(name, v) };
  }
  throwError(m, 'Error', `Access to undeclared static property ${cls.name}::$${name}`);
}

export function classConstant(m: Machine, clsName: string, name: string, node: Node): Zval {
  const cls = lookupClass(m, clsName)!;
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
  if (clsNode.kind !== 'name' && !clsNode.kind.endsWith('reference')) unsupported(clsNode, 'dynamic instanceof');
  const cls = lookupClass(m, resolveClassName(m, clsNode), false);
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
  if (src.closure || src.cls.internal && src.cls.name !== 'stdClass') unsupported(null, `clone of ${src.cls.name}`);
  const o = newObject(m, src.cls, src.declared);
  for (const [k, s] of src.props) {
    // A reference nobody else holds is copied as its value.
    const v = isRef(s) && s.rc === 1 ? s.val : s;
    addref(v);
    o.props.set(k, v);
  }
  if (src.dynSize) materializeProps(m, o);
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
