// Statement and expression evaluation. Every expression returns an *owned* value (a Zend TMP_VAR): the caller
// must store it (transferring the reference) or release it with release(m, v, false) as the VM frees temporaries
// (zval_ptr_dtor_nogc). Writes go through places resolved after the right-hand side, as Zend's delayed
// FETCH_*_W opcodes do, so copy-on-write separation happens at the same moment as in PHP.
import type { Node } from '../core/parse.js';
import type { Frame, Machine } from './machine.js';
import { Exit, Fatal, Guard, Thrown, Unsupported } from './errors.js';
import { chargeMemory, initArrayData, newArray, newRef, newString } from './alloc.js';
import { arrayAppend, arrayDelete, arraySet, dupArray } from './arrays.js';
import { addref, release } from './refcount.js';
import {
  compare, floatToString, looseEquals, normalizeKey, parseNumeric, scalarToString, strictEquals, toBool, toFloat, toInt,
  toNumber,
} from './convert.js';
import { copyOut, toStr } from './values.js';
import {
  PFloat, isArray, isObject, isRef, isStr, isZString, strOf, type Key, type Slot, type ZArray, type ZObject, type ZRef,
  type Zval,
} from './zval.js';
import { bin, capacityFor, ARRAY_HEADER } from './memory.js';
import {
  callClosure, callFunctionByName, callMethod, callStatic, createClosure, declareClass, declareFunction, instantiate,
  lookupClass, resolveClassName, staticPropSlot, classConstant, instanceOf, throwError, cloneObject, closureFromCallable,
} from './calls.js';
import { nativeFunctions } from './builtins/index.js';
import { foldedValue } from './optimizer.js';
import { findMethod, isSubclassOf, type ClassDef } from './classes.js';
import { IN_GET, IN_ISSET, IN_SET, IN_UNSET, callPropertyMagic, magicFor, propAccessible } from './magic.js';
import type { FuncDef } from './functions.js';
import { nativeParamNames } from './builtins/params.js';
import { addTypeSource, referenceValue, typedPropertyValue } from './types.js';
import { castToObject, ownProps, sharedTable } from './proptable.js';
import { generatorOf, isGeneratorObject, openIterator, resumeGenerator, rewind } from './generators.js';

export interface Place {
  get(): Slot | undefined;
  set(v: Slot): void;
}

type LPath =
  | { k: 'var'; name: string; node: Node; global?: boolean }
  | { k: 'dim'; base: LPath; key: Zval | undefined; node: Node }
  | { k: 'prop'; base: LPath | null; obj: Zval | undefined; name: string; node: Node }
  | { k: 'static'; cls: string; name: string; node: Node };

export function frameOf(m: Machine): Frame {
  return m.frames[m.frames.length - 1];
}

export function unsupported(node: Node | null | undefined, what: string): never {
  throw new Unsupported(node?.loc?.start.line ?? 0, what);
}

export function warn(m: Machine, msg: string): void {
  m.stderr.push(`PHP Warning:  ${msg} in ${m.opts.file} on line ${m.line}\n`);
}

export function echo(m: Machine, s: string): void {
  if (!s.length) return;
  if (!m.outputStarted) {
    // The first output allocates the output layer's buffer (FACTS 2).
    m.outputStarted = true;
    chargeMemory(m, 32);
  }
  m.stdout.push(s);
  m.stdoutLen += s.length;
}

/** Ends the run once its wall-clock budget is spent; called every 1,024 steps and from long internal loops. */
export function checkClock(m: Machine, line = m.line): void {
  if (Date.now() - m.startedAt > m.opts.maxMillis) {
    throw new Guard(line, `time limit of ${m.opts.maxMillis / 1000} s reached after ${m.steps.toLocaleString('en-US')} steps (the code runs too long to simulate step by step)`);
  }
}

export function step(m: Machine, node: Node): void {
  if (++m.steps > m.opts.maxSteps) {
    throw new Guard(node.loc?.start.line ?? m.line, `step limit of ${m.opts.maxSteps} reached (possible infinite loop)`);
  }
  if ((m.steps & 1023) === 0) checkClock(m, node.loc?.start.line ?? m.line);
  m.line = node.loc?.start.line ?? m.line;
  frameOf(m).line = m.line;
  m.recorder?.step(m);
}

// ---------------------------------------------------------------------------------------------------------------
// Statements. A statement returns a control signal: undefined (go on), or break/continue/return.

export type Signal = { t: 'break' | 'continue'; n: number } | { t: 'return'; v: Zval } | undefined;

export function execBlock(m: Machine, stmts: Node[]): Signal {
  for (const s of stmts) {
    const sig = exec(m, s);
    if (sig) return sig;
  }
  return undefined;
}

function body(n: Node | null | undefined): Node[] {
  if (!n) return [];
  if (n.kind === 'block') return n.children;
  return [n];
}

function loopSignal(sig: Signal): 'break' | 'continue' | Signal {
  if (!sig) return undefined;
  if (sig.t === 'return') return sig;
  if (sig.n > 1) return { t: sig.t, n: sig.n - 1 };
  return sig.t;
}

export function exec(m: Machine, s: Node): Signal {
  switch (s.kind) {
    case 'expressionstatement':
      step(m, s);
      release(m, evalExpr(m, s.expression), false);
      return undefined;
    case 'echo':
      step(m, s);
      for (const e of s.expressions) {
        const v = evalExpr(m, e);
        echo(m, toStr(m, v));
        release(m, v, false);
      }
      return undefined;
    case 'inline':
      echo(m, s.raw ?? s.value);
      return undefined;
    case 'block':
      return execBlock(m, s.children);
    case 'if': {
      step(m, s);
      const c = evalExpr(m, s.test);
      const t = toBool(c);
      release(m, c, false);
      if (t) return execBlock(m, body(s.body));
      if (s.alternate) return s.alternate.kind === 'if' ? exec(m, s.alternate) : execBlock(m, body(s.alternate));
      return undefined;
    }
    case 'while':
      for (;;) {
        step(m, s);
        const c = evalExpr(m, s.test);
        const t = toBool(c);
        release(m, c, false);
        if (!t) return undefined;
        const r = loopSignal(execBlock(m, body(s.body)));
        if (r === 'break') return undefined;
        if (r && r !== 'continue') return r;
      }
    case 'do':
      for (;;) {
        step(m, s);
        const r = loopSignal(execBlock(m, body(s.body)));
        if (r === 'break') return undefined;
        if (r && r !== 'continue') return r;
        const c = evalExpr(m, s.test);
        const t = toBool(c);
        release(m, c, false);
        if (!t) return undefined;
      }
    case 'for': {
      step(m, s);
      for (const e of s.init) release(m, evalExpr(m, e), false);
      for (;;) {
        let ok = true;
        for (let i = 0; i < s.test.length; i++) {
          const c = evalExpr(m, s.test[i]);
          if (i === s.test.length - 1) ok = toBool(c);
          release(m, c, false);
        }
        if (!ok) return undefined;
        const r = loopSignal(execBlock(m, body(s.body)));
        if (r === 'break') return undefined;
        if (r && r !== 'continue') return r;
        step(m, s);
        for (const e of s.increment) release(m, evalExpr(m, e), false);
      }
    }
    case 'foreach':
      step(m, s);
      return execForeach(m, s);
    case 'switch':
      step(m, s);
      return execSwitch(m, s);
    case 'break':
    case 'continue': {
      step(m, s);
      const n = s.level ? toInt(evalExpr(m, s.level)) : 1;
      return { t: s.kind, n };
    }
    case 'return': {
      step(m, s);
      const f = frameOf(m);
      if (s.expr && f.func?.byRefReturn && isWritable(s.expr)) {
        // ZEND_RETURN_BY_REF: the variable becomes a reference and the caller gets the wrapper.
        return { t: 'return', v: refArg(m, s.expr) as unknown as Zval };
      }
      const v = s.expr ? evalExpr(m, s.expr) : null;
      return { t: 'return', v };
    }
    case 'function':
      declareFunction(m, s);
      return undefined;
    case 'class':
    case 'interface':
    case 'trait':
    case 'enum':
      if (!lookupClass(m, s.fqName ?? s.name.name, false)) declareClass(m, s);
      return undefined;
    case 'unset':
      step(m, s);
      for (const v of s.variables) unsetLvalue(m, v);
      return undefined;
    case 'global':
      step(m, s);
      for (const v of s.items) bindGlobal(m, v);
      return undefined;
    case 'static':
      step(m, s);
      for (const v of s.variables) bindStatic(m, v);
      return undefined;
    case 'throw': {
      step(m, s);
      throwValue(m, s, evalExpr(m, s.what));
    }
    // eslint-disable-next-line no-fallthrough
    case 'try':
      return execTry(m, s);
    case 'noop':
      return undefined;
    case 'declare':
      if (s.children?.length) return execBlock(m, s.children);
      return undefined;
    case 'constantstatement':
      step(m, s);
      for (const c of s.constants) m.constants.set(c.fqName ?? c.name.name ?? c.name, evalExpr(m, c.value));
      return undefined;
    case 'namespace':
      return execBlock(m, s.children);
    case 'usegroup':
      return undefined;
    default:
      unsupported(s, `statement "${s.kind}" is not supported by the simulator`);
  }
}

function throwValue(m: Machine, node: Node, v: Zval): never {
  if (!isObject(v)) {
    release(m, v, false);
    throwError(m, 'Error', 'Can only throw objects');
  }
  throw new Thrown(v);
}

function execTry(m: Machine, s: Node): Signal {
  let sig: Signal;
  try {
    sig = execBlock(m, body(s.body));
  } catch (e) {
    if (!(e instanceof Thrown)) throw e;
    const c = (s.catches as Node[]).find((c) => c.what.some((w: Node) => {
      const cls = lookupClass(m, resolveClassName(m, w), false);
      return cls ? isSubclassOf(e.obj.cls, cls) : false;
    }));
    if (!c) {
      if (s.always) {
        const fs = execBlock(m, body(s.always));
        if (fs) {
          release(m, e.obj, true);
          return fs;
        }
      }
      throw e;
    }
    try {
      if (c.variable) assignTo(m, { k: 'var', name: c.variable.name, node: c.variable }, e.obj);
      else release(m, e.obj, true);
      sig = execBlock(m, body(c.body));
    } catch (e2) {
      if (s.always && e2 instanceof Thrown) {
        const fs = execBlock(m, body(s.always));
        if (fs) {
          release(m, e2.obj, true);
          return fs;
        }
      }
      throw e2;
    }
  }
  if (s.always) {
    const fs = execBlock(m, body(s.always));
    if (fs) {
      if (sig && sig.t === 'return') release(m, sig.v, false);
      return fs;
    }
  }
  return sig;
}

function execSwitch(m: Machine, s: Node): Signal {
  const v = evalExpr(m, s.test);
  const cases: Node[] = s.body.children ?? s.body;
  let start = -1;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (!c.test) continue;
    const t = evalExpr(m, c.test);
    const eq = looseEquals(v, t);
    release(m, t, false);
    if (eq) {
      start = i;
      break;
    }
  }
  release(m, v, false);
  if (start < 0) start = cases.findIndex((c) => !c.test);
  if (start < 0) return undefined;
  for (let i = start; i < cases.length; i++) {
    const sig = execBlock(m, body(cases[i].body));
    if (sig) {
      if (sig.t === 'return') return sig;
      if (sig.n > 1) return { t: sig.t, n: sig.n - 1 };
      return undefined;
    }
  }
  return undefined;
}

function execForeach(m: Machine, s: Node): Signal {
  const byRef = !!s.value?.byref;
  if (s.value?.kind === 'list' && byRef) unsupported(s, 'foreach by reference with list() destructuring');
  if (byRef) return execForeachByRef(m, s);
  // FE_RESET_R: the loop holds its own reference to the array (or object) while iterating.
  const src = evalExpr(m, s.source);
  let srcOwned = true;
  try {
    if (isObject(src)) {
      if (isGeneratorObject(src)) {
        // The loop's iterator takes over the operand's reference (FE_RESET frees the operand).
        const g = generatorOf(src);
        const it = openIterator(m, src, srcOwned);
        srcOwned = false;
        try {
          for (rewind(m, g); !g.finished; resumeGenerator(m, g)) {
            const r = foreachIteration(m, s, copyOut(g.current), s.key ? copyOut(g.key) : null);
            if (r === 'break') break;
            if (r) return r;
          }
        } finally {
          release(m, it, false);
        }
        return undefined;
      }
      if (isSubclassOf(src.cls, lookupClass(m, 'Iterator')!) || isSubclassOf(src.cls, lookupClass(m, 'IteratorAggregate')!)) {
        unsupported(s, `foreach over a user Iterator (${src.cls.name})`);
      }
      if (src.internal?.iterate) {
        for (const [k, v] of src.internal.iterate() as [Zval, Zval][]) {
          addref(v);
          addref(k);
          assignTo(m, lpathOf(m, s.value), v);
          if (s.key) assignTo(m, lpathOf(m, s.key), k);
          else release(m, k, false);
          const r = loopSignal(execBlock(m, body(s.body)));
          if (r === 'break') break;
          if (r && r !== 'continue') return r;
          step(m, s);
        }
        return undefined;
      }
      if (src.closure || src.cls.enumKind || (src.cls.internal && src.cls.name !== 'stdClass')) unsupported(s, `foreach over a ${src.cls.name} object`);
      // FE_RESET_R on a plain object walks its property table (built on first use, as get_object_vars does),
      // skipping uninitialized and invisible properties.
      materializeProps(m, src);
      for (const [name, slot] of [...src.props.entries()]) {
        if (slot === undefined || !propAccessible(m, src, name) || !src.props.has(name)) continue;
        const r = foreachIteration(m, s, copyOut(src.props.get(name)), name);
        if (r === 'break') break;
        if (r) return r;
      }
      return undefined;
    }
    if (!isArray(src)) {
      warn(m, `foreach() argument must be of type array|object, ${src === null ? 'null' : typeof src} given`);
      return undefined;
    }
    for (const [k, slot] of [...src.ht.entries()]) {
      const r = foreachIteration(m, s, copyOut(slot), k);
      if (r === 'break') break;
      if (r) return r;
    }
  } finally {
    if (srcOwned) release(m, src, false);
  }
  return undefined;
}

function execForeachByRef(m: Machine, s: Node): Signal {
  // FE_RESET_RW: the variable becomes a reference to the (separated) array; each element is made a reference
  // and bound to the value variable.
  const srcPath = lpathOf(m, s.source);
  const place = resolve(m, srcPath);
  const ref = makeRef(m, place);
  addref(ref);
  try {
    if (ref.val === null) return undefined;
    if (!isArray(ref.val)) unsupported(s, 'foreach by reference over a non-array');
    let arr = separate(m, ref);
    const seen = new Set<Key>();
    for (;;) {
      arr = ref.val as ZArray;
      if (!isArray(arr)) break;
      let key: Key | undefined;
      for (const k of arr.ht.keys()) {
        if (!seen.has(k)) {
          key = k;
          break;
        }
      }
      if (key === undefined) break;
      seen.add(key);
      const k = key;
      const elPlace: Place = {
        get() {
          return (ref.val as ZArray).ht.get(k);
        },
        set(v) {
          arraySet(m, ref.val as ZArray, k, v);
        },
      };
      const elRef = makeRef(m, elPlace);
      addref(elRef);
      bindRef(m, resolve(m, lpathOf(m, s.value)), elRef);
      if (s.key) assignTo(m, lpathOf(m, s.key), k);
      const r = loopSignal(execBlock(m, body(s.body)));
      if (r === 'break') break;
      if (r && r !== 'continue') return r;
      step(m, s);
      if (isArray(ref.val) && (ref.val.rc > 1 || ref.val.immutable)) separate(m, ref);
    }
  } finally {
    release(m, ref, false);
  }
  return undefined;
}

function bindGlobal(m: Machine, v: Node): void {
  if (typeof v.name !== 'string') unsupported(v, 'dynamic global');
  const g = m.globals.vars;
  let slot = g.get(v.name);
  let ref: ZRef;
  if (isRef(slot)) ref = slot;
  else {
    ref = newRef(m, slot === undefined ? null : slot);
    g.set(v.name, ref);
  }
  addref(ref);
  bindRef(m, varPlace(m, v.name), ref);
}

function bindStatic(m: Machine, sv: Node): void {
  const f = frameOf(m);
  const func = f.func;
  if (!func) unsupported(sv, 'static variable outside a function');
  if (!func.statics) func.statics = new Map();
  const name = sv.variable.name;
  let ref = func.statics.get(name) as ZRef | undefined;
  if (!ref) {
    const init = sv.defaultValue ? evalExpr(m, sv.defaultValue) : null;
    ref = newRef(m, init);
    func.statics.set(name, ref);
  }
  addref(ref);
  bindRef(m, varPlace(m, name), ref);
}

// ---------------------------------------------------------------------------------------------------------------
// Places (lvalues).

export function varPlace(m: Machine, name: string, frame = frameOf(m)): Place {
  const vars = frame.vars;
  // Method shorthand: no function object per access beyond the literal itself (this runs for every variable).
  return {
    get() {
      return vars.get(name);
    },
    set(v) {
      vars.set(name, v);
    },
  };
}

/** Evaluate the parts of an lvalue that PHP evaluates before the right-hand side (dimension keys). */
export function lpathOf(m: Machine, n: Node): LPath {
  switch (n.kind) {
    case 'variable':
      if (typeof n.name !== 'string') return { k: 'var', name: variableName(m, n), node: n };
      if (n.name === 'this') unsupported(n, 'assignment to $this');
      return { k: 'var', name: n.name, node: n };
    case 'offsetlookup': {
      const g = globalsKey(m, n);
      if (g !== undefined) return { k: 'var', name: g, node: n, global: true };
      const base = lpathOf(m, n.what);
      const key = n.offset ? evalExpr(m, n.offset) : undefined;
      return { k: 'dim', base, key, node: n };
    }
    case 'propertylookup': {
      const name = propName(m, n);
      if (n.what.kind === 'variable' && n.what.name === 'this') return { k: 'prop', base: null, obj: undefined, name, node: n };
      if (n.what.kind === 'variable' || n.what.kind === 'offsetlookup' || n.what.kind === 'propertylookup' || n.what.kind === 'staticlookup') {
        return { k: 'prop', base: lpathOf(m, n.what), obj: undefined, name, node: n };
      }
      return { k: 'prop', base: null, obj: evalExpr(m, n.what), name, node: n };
    }
    case 'staticlookup':
      if (n.offset.kind !== 'variable') unsupported(n, 'assignment to a class constant');
      return { k: 'static', cls: resolveClassName(m, n.what), name: n.offset.name, node: n };
    default:
      unsupported(n, `cannot assign to ${n.kind}`);
  }
}

function propName(m: Machine, n: Node): string {
  if (n.offset.kind === 'identifier') return n.offset.name;
  // $obj->$name, $obj->{'expr'}: the name is evaluated (an interned or temporary string, released at once).
  const v = evalExpr(m, n.offset);
  const name = toStr(m, v);
  release(m, v, false);
  return name;
}

function releaseLPath(m: Machine, p: LPath): void {
  if (p.k === 'dim') {
    release(m, p.key ?? null, false);
    releaseLPath(m, p.base);
  } else if (p.k === 'prop') {
    if (p.base) releaseLPath(m, p.base);
    if (p.obj !== undefined) release(m, p.obj, false);
  }
}

/** SEPARATE_ARRAY on the value behind a slot holder: copy when shared or immutable. */
function separate(m: Machine, ref: ZRef): ZArray {
  const a = ref.val as ZArray;
  if (a.immutable || a.rc > 1) {
    const copy = dupArray(m, a);
    ref.val = copy;
    if (!a.immutable) a.rc--;
    return copy;
  }
  return a;
}

/** The array at a place, made writable (created from null, separated when shared). */
function arrayForWrite(m: Machine, place: Place, node: Node): ZArray | ZObject {
  let cur = place.get();
  let holder: Place = place;
  if (isRef(cur)) {
    const r = cur;
    holder = {
      get() {
        return r.val;
      },
      set(v) {
        r.val = v as Zval;
      },
    };
    cur = r.val;
  }
  if (cur === undefined || cur === null) {
    const a = newArray(m);
    holder.set(a);
    return a;
  }
  if (isArray(cur)) {
    if (cur.immutable || cur.rc > 1) {
      const copy = dupArray(m, cur);
      holder.set(copy);
      if (!cur.immutable) cur.rc--;
      return copy;
    }
    return cur;
  }
  if (isObject(cur) && cur.internal?.offsetSet) return cur;
  if (cur === false) unsupported(node, 'automatic conversion of false to array');
  if (isStr(cur)) unsupported(node, 'string offset writes');
  throwError(m, 'Error', 'Cannot use a scalar value as an array');
}

function objectForWrite(m: Machine, place: Place, node: Node): ZObject {
  const v = deref(place.get());
  if (isObject(v)) return v;
  if (v === null) throwError(m, 'Error', `Attempt to assign property "${(node as any).offset?.name}" on null`);
  unsupported(node, 'property write on a non-object');
}

function deref(s: Slot | undefined): Zval {
  return s === undefined ? null : isRef(s) ? s.val : s;
}

export function resolve(m: Machine, p: LPath): Place {
  switch (p.k) {
    case 'var':
      return varPlace(m, p.name, p.global ? m.globals : frameOf(m));
    case 'dim': {
      const container = arrayForWrite(m, resolve(m, p.base), p.node);
      if (isObject(container)) {
        const o = container;
        const key = p.key ?? null;
        return {
          get() {
            return o.internal.offsetGet(m, key, true);
          },
          set(v) {
            o.internal.offsetSet(m, key, v);
          },
        };
      }
      const a = container;
      if (p.key === undefined) {
        let k: Key | undefined;
        return {
          get() {
            return k === undefined ? undefined : a.ht.get(k);
          },
          set(v) {
            if (k === undefined) {
              k = a.nextIndex;
              if (!arrayAppend(m, a, v)) throwError(m, 'Error', 'Cannot add element to the array as the next element is already occupied');
            } else arraySet(m, a, k, v);
          },
        };
      }
      const key = normalizeKey(p.key);
      if (key === undefined) throwError(m, 'TypeError', 'Illegal offset type');
      return {
        get() {
          return a.ht.get(key);
        },
        set(v) {
          arraySet(m, a, key, v);
        },
      };
    }
    case 'prop': {
      const o = propTarget(m, p);
      if (o.cls.useGuards && !o.props.has(p.name) && findMethod(o.cls, '__get')) {
        unsupported(p.node, 'indirect modification of a property provided by __get');
      }
      return writableProp(m, o, p.name);
    }
    case 'static': {
      const slot = staticPropSlot(m, p.cls, p.name, p.node);
      return slot;
    }
  }
}

function propTarget(m: Machine, p: Extract<LPath, { k: 'prop' }>): ZObject {
  if (p.base) return objectForWrite(m, resolve(m, p.base), p.node);
  if (p.obj !== undefined) {
    if (!isObject(p.obj)) unsupported(p.node, 'property write on a non-object');
    return p.obj;
  }
  const t = frameOf(m).thisObj;
  if (!t) throwError(m, 'Error', 'Using $this when not in object context');
  return t;
}

/** A property place for writing; readonly properties accept one initialisation from their class's scope. */
function writableProp(m: Machine, o: ZObject, name: string): Place {
  ownProps(m, o);
  if (o.cls.readonly?.has(name)) {
    const decl = o.cls.propMap.get(name)!;
    const owner = decl.declaringClass.name;
    if (o.props.get(name) !== undefined) throwError(m, 'Error', `Cannot modify readonly property ${o.cls.name}::$${name}`);
    const scope = frameOf(m).scope;
    if (scope !== decl.declaringClass) {
      throwError(m, 'Error', `Cannot initialize readonly property ${owner}::$${name} from ${scope ? 'scope ' + scope.name : 'global scope'}`);
    }
  }
  return propPlace(m, o, name);
}

export function propPlace(m: Machine, o: ZObject, name: string): Place {
  return {
    get() {
      return o.props.get(name);
    },
    set(v) {
      if (!o.props.has(name)) addDynamicProp(m, o);
      o.props.set(name, checkPropType(m, o, name, v));
    },
  };
}

function checkPropType(m: Machine, o: ZObject, name: string, v: Slot): Slot {
  const decl = o.cls.propMap.get(name);
  if (!decl?.typeSpec || v === undefined) return v;
  if (isRef(v)) {
    addTypeSource(v, decl.typeSpec, decl.declaringClass, name, o.cls);
    return v;
  }
  return typedPropertyValue(m, decl.typeSpec, decl.declaringClass, name, v, o.cls);
}

/** The dynamic-properties table: created on the first dynamic property, holding the declared ones too. */
export function addDynamicProp(m: Machine, o: ZObject): void {
  materializeProps(m, o, 1);
}

export function materializeProps(m: Machine, o: ZObject, extra = 0): void {
  if ((o.cls.internal && o.cls.name !== 'stdClass') || sharedTable(o)) return;
  const entries = o.props.size + extra;
  const dataCap = entries > 0 ? capacityFor(entries) : 0;
  const size = ARRAY_HEADER + (dataCap ? bin(40 * dataCap) : 0);
  const cur = o.dynSize;
  if (size > cur) {
    chargeMemory(m, size - cur);
    o.dynSize = size;
  }
}

/** Store a value (transferring its reference) into a place, releasing what it held (zend_assign_to_variable). */
export function assignPlace(m: Machine, place: Place, v: Zval): void {
  const cur = place.get();
  if (isRef(cur)) {
    const old = cur.val;
    cur.val = referenceValue(m, cur, v);
    release(m, old, true);
  } else {
    place.set(v);
    release(m, cur, true);
  }
}

export function assignTo(m: Machine, p: LPath, v: Zval): void {
  try {
    if (p.k === 'prop') {
      const o = propTarget(m, p);
      if (o.cls.useGuards && (!o.props.has(p.name) || !propAccessible(m, o, p.name))) {
        const f = magicFor(o, '__set', p.name, IN_SET);
        if (f) {
          release(m, callPropertyMagic(m, o, f, p.name, IN_SET, [p.name, v]), false);
          return;
        }
      }
      assignPlace(m, writableProp(m, o, p.name), v);
      return;
    }
    assignPlace(m, resolve(m, p), v);
  } finally {
    releaseLPath(m, p);
  }
}

/** ZVAL_MAKE_REF: wrap the value at a place into a reference wrapper (the place keeps the one reference). */
export function makeRef(m: Machine, place: Place): ZRef {
  const cur = place.get();
  if (isRef(cur)) return cur;
  const ref = newRef(m, cur === undefined ? null : cur);
  place.set(ref);
  return ref;
}

/** Bind a place to a reference wrapper whose reference the caller transfers. */
export function bindRef(m: Machine, place: Place, ref: ZRef): void {
  const cur = place.get();
  if (cur === ref) {
    ref.rc--;
    return;
  }
  place.set(ref);
  release(m, cur, true);
}

function unsetLvalue(m: Machine, n: Node): void {
  const g = n.kind === 'offsetlookup' ? globalsKey(m, n) : undefined;
  if (n.kind === 'variable' || g !== undefined) {
    const name: string = g ?? (typeof n.name === 'string' ? n.name : variableName(m, n));
    const f = g === undefined ? frameOf(m) : m.globals;
    const cur = f.vars.get(name);
    if (f === m.globals && !f.vars.has(name)) return;
    if (g !== undefined) f.vars.delete(name);
    else f.vars.set(name, undefined);
    release(m, cur, true);
    return;
  }
  if (n.kind === 'offsetlookup') {
    const p = lpathOf(m, n);
    try {
      // Unsetting an element of a missing array does nothing; of an existing one separates it first.
      const basePlace = resolve(m, (p as any).base);
      const cur = deref(basePlace.get());
      if (isObject(cur) && cur.internal?.offsetUnset) {
        cur.internal.offsetUnset(m, (p as any).key ?? null);
        return;
      }
      if (!isArray(cur)) return;
      const a = arrayForWrite(m, basePlace, n) as ZArray;
      const key = normalizeKey((p as any).key ?? null);
      if (key === undefined) return;
      const old = arrayDelete(a, key);
      release(m, old, true);
    } finally {
      releaseLPath(m, p);
    }
    return;
  }
  if (n.kind === 'propertylookup') {
    const p = lpathOf(m, n) as Extract<LPath, { k: 'prop' }>;
    try {
      let o: Zval;
      if (p.base) o = deref(resolve(m, p.base).get());
      else o = p.obj !== undefined ? p.obj : frameOf(m).thisObj;
      if (!isObject(o)) return;
      if (o.cls.useGuards && (!o.props.has(p.name) || !propAccessible(m, o, p.name))) {
        const f = magicFor(o, '__unset', p.name, IN_UNSET);
        if (f) release(m, callPropertyMagic(m, o, f, p.name, IN_UNSET, [p.name]), false);
        return;
      }
      if (o.cls.propMap.has(p.name)) unsupported(n, 'unset() of a declared property');
      ownProps(m, o);
      const old = o.props.get(p.name);
      o.props.delete(p.name);
      release(m, old, true);
    } finally {
      releaseLPath(m, p);
    }
    return;
  }
  unsupported(n, `unset of ${n.kind}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions.

export function evalExpr(m: Machine, n: Node): Zval {
  if (m.opts.opcache && (n.kind === 'call' || n.kind === 'cast' || n.kind === 'bin' || n.kind === 'array')) {
    const v = foldedValue(m, n, (e) => evalExpr(m, e));
    if (v !== undefined) return v;
  }
  switch (n.kind) {
    case 'number':
      // Parsed once per literal (the compiler's literal table).
      return n.zv !== undefined ? n.zv : (n.zv = parseNumber(n.value));
    case 'string':
      return n.value;
    case 'nowdoc':
      return n.value;
    case 'boolean':
      return n.value;
    case 'nullkeyword':
      return null;
    case 'encapsed':
      return evalEncapsed(m, n);
    case 'variable':
      return readVar(m, n);
    case 'array':
      return evalArrayLiteral(m, n);
    case 'assign':
      return evalAssign(m, n);
    case 'assignref':
      return evalAssignRef(m, n);
    case 'bin':
      return evalBin(m, n);
    case 'unary':
      return evalUnary(m, n);
    case 'pre':
    case 'post':
      return evalIncDec(m, n);
    case 'cast':
      return evalCast(m, n);
    case 'retif': {
      const t = evalExpr(m, n.test);
      if (!n.trueExpr) {
        if (toBool(t)) return t;
        release(m, t, false);
        return evalExpr(m, n.falseExpr);
      }
      const b = toBool(t);
      release(m, t, false);
      return evalExpr(m, b ? n.trueExpr : n.falseExpr);
    }
    case 'offsetlookup':
      return readDim(m, n);
    case 'propertylookup':
    case 'nullsafepropertylookup':
      return readProp(m, n);
    case 'staticlookup':
      return readStatic(m, n);
    case 'call':
      return evalCall(m, n);
    case 'new':
      return evalNew(m, n);
    case 'clone': {
      const v = evalExpr(m, n.what);
      if (!isObject(v)) {
        release(m, v, false);
        throwError(m, 'Error', '__clone method called on non-object');
      }
      const c = cloneObject(m, v);
      release(m, v, false);
      return c;
    }
    case 'isset':
      return (n.variables as Node[]).every((v) => issetExpr(m, v));
    case 'empty': {
      const v = quietRead(m, n.expression);
      const r = !toBool(v);
      release(m, v, false);
      return r;
    }
    case 'closure':
      return createClosure(m, n, false);
    case 'arrowfunc':
      return createClosure(m, n, true);
    case 'match':
      return evalMatch(m, n);
    case 'instanceof': {
      const v = evalExpr(m, n.what);
      const r = isObject(v) && instanceOf(m, v, n.class);
      release(m, v, false);
      return r;
    }
    case 'name':
      return constantValue(m, n);
    case 'magic':
      return magicConstant(m, n);
    case 'print': {
      const v = evalExpr(m, n.expression);
      echo(m, toStr(m, v));
      release(m, v, false);
      return 1;
    }
    case 'exit': {
      const v = n.expression ? evalExpr(m, n.expression) : null;
      if (isStr(v)) {
        echo(m, strOf(v));
        throw new Exit(0);
      }
      throw new Exit(v === null ? 0 : toInt(v));
    }
    case 'silent':
      return evalExpr(m, n.expr);
    case 'throw':
      throwValue(m, n, evalExpr(m, n.what));
    // eslint-disable-next-line no-fallthrough
    case 'parenthesis':
      return evalExpr(m, n.inner);
    case 'encapsedpart':
      // $obj->{'name'}: php-parser wraps the braced expression.
      return evalExpr(m, n.expression);
    default:
      unsupported(n, `expression "${n.kind}" is not supported by the simulator`);
  }
}

export function parseNumber(raw: string): Zval {
  const s = raw.replace(/_/g, '');
  if (/^0[xX]/.test(s)) return intOrFloat(parseInt(s.slice(2), 16));
  if (/^0[bB]/.test(s)) return intOrFloat(parseInt(s.slice(2), 2));
  if (/^0[oO]?[0-7]+$/.test(s) && s.length > 1) return intOrFloat(parseInt(s.replace(/^0[oO]?/, ''), 8));
  if (/^\d+$/.test(s)) return intOrFloat(Number(s));
  return new PFloat(Number(s));
}

function intOrFloat(n: number): Zval {
  return Number.isSafeInteger(n) ? n : new PFloat(n);
}

function evalEncapsed(m: Machine, n: Node): Zval {
  if (n.type === 'shell') unsupported(n, 'shell execution');
  let s = '';
  for (const part of n.value as Node[]) {
    const e = part.expression;
    if (e.kind === 'string') {
      s += e.value;
      continue;
    }
    const v = evalExpr(m, e);
    s += toStr(m, v);
    release(m, v, false);
  }
  return s.length ? newString(m, s) : '';
}

function readVar(m: Machine, n: Node): Zval {
  if (typeof n.name !== 'string') {
    const name = variableName(m, n);
    const s = frameOf(m).vars.get(name);
    if (s === undefined) warn(m, `Undefined variable $${name}`);
    return copyOut(s);
  }
  if (n.name === 'this') {
    const t = frameOf(m).thisObj;
    if (!t) throwError(m, 'Error', 'Using $this when not in object context');
    addref(t);
    return t;
  }
  if (n.name === 'GLOBALS') unsupported(n, '$GLOBALS');
  const s = frameOf(m).vars.get(n.name);
  if (s === undefined) {
    warn(m, `Undefined variable $${n.name}`);
    return null;
  }
  return copyOut(s);
}

/** Read without "undefined" warnings (isset/empty/??). */
function quietRead(m: Machine, n: Node): Zval {
  switch (n.kind) {
    case 'variable':
      if (n.name === 'this') return readVar(m, n);
      return copyOut(frameOf(m).vars.get(typeof n.name === 'string' ? n.name : variableName(m, n)));
    case 'offsetlookup': {
      const g = globalsKey(m, n);
      if (g !== undefined) return copyOut(m.globals.vars.get(g));
      const c = quietRead(m, n.what);
      if (!n.offset) unsupported(n, 'cannot use [] for reading');
      const k = evalExpr(m, n.offset);
      let r: Zval = null;
      if (isArray(c)) {
        const key = normalizeKey(k);
        r = key === undefined ? null : copyOut(c.ht.get(key));
      } else if (isStr(c)) {
        const i = toInt(k);
        const s = strOf(c);
        r = i < s.length && i >= -s.length ? s.at(i)! : null;
      } else if (isObject(c) && c.internal?.offsetExists) {
        r = c.internal.offsetExists(m, k) ? c.internal.offsetGet(m, k, true) : null;
      }
      release(m, k, false);
      release(m, c, false);
      return r;
    }
    case 'propertylookup':
    case 'nullsafepropertylookup': {
      const o = quietRead(m, n.what);
      let r: Zval = null;
      try {
        if (isObject(o)) {
          const name = propName(m, n);
          if (o.cls.useGuards && (!o.props.has(name) || !propAccessible(m, o, name))) return magicIsRead(m, o, name);
          if (o.props.has(name)) r = copyOut(o.props.get(name));
        }
      } finally {
        release(m, o, false);
      }
      return r;
    }
    case 'staticlookup':
      if (n.offset.kind === 'variable') {
        return copyOut(staticPropSlot(m, resolveClassName(m, n.what), n.offset.name, n).get());
      }
      return evalExpr(m, n);
    default:
      return evalExpr(m, n);
  }
}

/** BP_VAR_IS reads of a magic property: __isset first (when defined), then __get for the value. */
function magicIsRead(m: Machine, o: ZObject, name: string): Zval {
  const isset = magicFor(o, '__isset', name, IN_ISSET);
  if (isset) {
    const r = callPropertyMagic(m, o, isset, name, IN_ISSET, [name]);
    const t = toBool(r);
    release(m, r, false);
    if (!t) return null;
  }
  const get = magicFor(o, '__get', name, IN_GET);
  return get ? callPropertyMagic(m, o, get, name, IN_GET, [name]) : null;
}

function issetExpr(m: Machine, n: Node): boolean {
  if (n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup') {
    // isset() on a magic property asks __isset only (has_property with check_empty = 0).
    const o = quietRead(m, n.what);
    try {
      if (isObject(o) && o.cls.useGuards) {
        const name = propName(m, n);
        if (!o.props.has(name) || !propAccessible(m, o, name)) {
          const f = magicFor(o, '__isset', name, IN_ISSET);
          if (!f) return false;
          const r = callPropertyMagic(m, o, f, name, IN_ISSET, [name]);
          const t = toBool(r);
          release(m, r, false);
          return t;
        }
      }
    } finally {
      release(m, o, false);
    }
  }
  const v = quietRead(m, n);
  const r = v !== null;
  release(m, v, false);
  return r;
}

function evalArrayLiteral(m: Machine, n: Node): Zval {
  if (isConstArray(n)) return literalArray(m, n);
  const items = n.items as Node[];
  const hash = items.some((it) => it && it.key);
  const a = newArray(m);
  // INIT_ARRAY sizes the table for the literal's element count.
  const declared = items.length;
  try {
    for (const it of items) {
      if (!it) unsupported(n, 'empty array element');
      if (it.unpack) {
        const src = evalExpr(m, it.value);
        if (!isArray(src)) unsupported(it, 'unpacking a non-array');
        for (const [k, s] of src.ht) {
          const v = copyOut(s);
          if (typeof k === 'number') arrayAppendSized(m, a, v, declared, hash);
          else insertSized(m, a, k, v, declared, hash);
        }
        release(m, src, false);
        continue;
      }
      const key = it.key ? evalExpr(m, it.key) : undefined;
      let v: Slot;
      if (it.byRef) {
        const p = lpathOf(m, it.value);
        const ref = makeRef(m, resolve(m, p));
        releaseLPath(m, p);
        addref(ref);
        v = ref;
      } else v = evalExpr(m, it.value);
      if (key === undefined) arrayAppendSized(m, a, v, declared, hash);
      else {
        const k = normalizeKey(key);
        release(m, key, false);
        if (k === undefined) throwError(m, 'TypeError', 'Illegal offset type');
        const old = a.ht.get(k);
        if (old !== undefined) {
          a.ht.set(k, v);
          release(m, old, true);
        } else insertSized(m, a, k, v, declared, hash);
      }
    }
  } catch (e) {
    release(m, a, false);
    throw e;
  }
  return a;
}

function presize(m: Machine, a: ZArray, declared: number, hash: boolean): void {
  if (a.cap === 0) {
    let cap = 8;
    while (cap < declared) cap *= 2;
    const data = hash ? bin(40 * cap) : bin(16 * cap + 8);
    chargeMemory(m, data);
    a.size += data;
    a.cap = cap;
    a.packed = !hash;
  }
}

function arrayAppendSized(m: Machine, a: ZArray, v: Slot, declared: number, hash: boolean): void {
  presize(m, a, declared, hash);
  arrayAppend(m, a, v);
}

function insertSized(m: Machine, a: ZArray, k: Key, v: Slot, declared: number, hash: boolean): void {
  presize(m, a, declared, hash);
  arraySet(m, a, k, v);
}

function isConstArray(n: Node): boolean {
  return (n.items as Node[]).every(
    (it) => it && !it.byRef && !it.unpack && (!it.key || isConstScalar(it.key)) && (isConstScalar(it.value) || (it.value.kind === 'array' && isConstArray(it.value))),
  );
}

function isConstScalar(n: Node): boolean {
  if (n.kind === 'number' || n.kind === 'string' || n.kind === 'boolean' || n.kind === 'nullkeyword' || n.kind === 'nowdoc') return true;
  if (n.kind === 'unary' && n.type === '-' && n.what.kind === 'number') return true;
  if (n.kind === 'encapsed') return (n.value as Node[]).every((p) => p.expression.kind === 'string');
  return false;
}

/** A compile-time array: the code keeps it (opcache off: refcounted with +1; on: immutable). */
function literalArray(m: Machine, n: Node): Zval {
  if (!n.items.length) return EMPTY_ARRAY;
  let lit = m.literals.get(n);
  if (!lit) {
    lit = buildLiteral(m, n, true);
    m.literals.set(n, lit);
  }
  addref(lit);
  return lit as Zval;
}

export const EMPTY_ARRAY: ZArray = {
  id: 0, rc: 2, rootSlot: 0, color: 'black', size: 0, dead: false, gcFreeing: false, gcTag: 0, kind: 'array', ht: new Map(), nextIndex: 0,
  packed: true, cap: 0, used: 0, immutable: true, pos: 0,
};

function buildLiteral(m: Machine, n: Node, top: boolean): ZArray {
  const imm = m.opts.opcache;
  const saved = m.memory;
  const a = newArray(m);
  a.immutable = imm;
  for (const it of n.items as Node[]) {
    let v: Zval;
    if (it.value.kind === 'array') v = it.value.items.length ? buildLiteral(m, it.value, false) : EMPTY_ARRAY;
    else {
      v = constScalar(it.value);
      // Compiled literal arrays hold copies of multi-byte strings (not interned without opcache).
      if (typeof v === 'string' && v.length > 1 && !imm) v = newString(m, v);
    }
    if (it.key) {
      const k = normalizeKey(constScalar(it.key))!;
      const old = a.ht.get(k);
      if (old !== undefined) {
        a.ht.set(k, v);
        release(m, old, false);
      } else arraySet(m, a, k, v);
    } else arrayAppend(m, a, v);
  }
  // Compile-time allocations happen before the script measures anything.
  m.memory = saved;
  markStatic(a);
  void top;
  return a;
}

/** Literal arrays live in compile-time memory: freeing them must not change memory_get_usage(). */
function markStatic(a: ZArray): void {
  a.size = 0;
  for (const v of a.ht.values()) {
    if (isZString(v)) v.size = 0;
    else if (isArray(v)) markStatic(v);
  }
}

function constScalar(n: Node): Zval {
  switch (n.kind) {
    case 'number':
      return parseNumber(n.value);
    case 'string':
    case 'nowdoc':
      return n.value;
    case 'boolean':
      return n.value;
    case 'nullkeyword':
      return null;
    case 'unary': {
      const v = parseNumber(n.what.value);
      return v instanceof PFloat ? new PFloat(-v.v) : -(v as number);
    }
    case 'encapsed':
      return (n.value as Node[]).map((p) => p.expression.value).join('');
  }
  return null;
}

function evalAssign(m: Machine, n: Node): Zval {
  const op: string = n.operator;
  if (n.left.kind === 'list' || n.left.kind === 'array') {
    if (op !== '=') unsupported(n, 'compound assignment to list()');
    if (hasRefItem(n.left)) {
      if (!isWritable(n.right)) unsupported(n, 'list() with references from a non-variable');
      const src = lpathOf(m, n.right);
      try {
        destructureRef(m, n.left, src);
        return copyOut(resolve(m, src).get());
      } finally {
        releaseLPath(m, src);
      }
    }
    const v = evalExpr(m, n.right);
    destructure(m, n.left, v);
    return v;
  }
  if (op === '=') {
    const p = lpathOf(m, n.left);
    const v = evalExpr(m, n.right);
    addref(v);
    assignTo(m, p, v);
    return v;
  }
  if (op === '??=') {
    const cur = quietRead(m, n.left);
    if (cur !== null) return cur;
    const p = lpathOf(m, n.left);
    const v = evalExpr(m, n.right);
    addref(v);
    assignTo(m, p, v);
    return v;
  }
  // Compound assignment: read-modify-write at one resolved place.
  const p = lpathOf(m, n.left);
  const rhs = evalExpr(m, n.right);
  try {
    const place = resolve(m, p);
    const cur = place.get();
    if (cur === undefined && n.left.kind === 'variable') warn(m, `Undefined variable $${n.left.name}`);
    const curV = deref(cur);
    const bop = op.slice(0, -1);
    let result: Zval;
    if (bop === '.' && isZString(curV) && curV.rc === 1 && !isRef(cur)) {
      // concat_function extends a string nobody else holds in place (erealloc).
      const add = toStr(m, rhs);
      if (!add.length) return copyOut(cur);
      // Observed on 8.2: an extended string occupies bin(len + 32) (the str_repeat size), not the exact size.
      const newSize = bin(curV.s.length + add.length + 32);
      chargeMemory(m, newSize - curV.size);
      curV.size = newSize;
      curV.s += add;
      addref(curV);
      return curV;
    }
    result = binaryOp(m, bop, curV, rhs, n);
    addref(result);
    assignPlace(m, place, result);
    return result;
  } finally {
    release(m, rhs, false);
    releaseLPath(m, p);
  }
}

export function destructure(m: Machine, list: Node, v: Zval): void {
  let i = 0;
  for (const it of list.items as Node[]) {
    if (!it || it.kind === 'noop') {
      i++;
      continue;
    }
    const key = it.key ? evalExpr(m, it.key) : i++;
    let el: Zval = null;
    if (isArray(v)) {
      const k = normalizeKey(key);
      el = k === undefined ? null : copyOut(v.ht.get(k));
    }
    release(m, key, false);
    const target = it.value ?? it;
    if (target.kind === 'list' || target.kind === 'array') {
      destructure(m, target, el);
      release(m, el, false);
    } else assignTo(m, lpathOf(m, target), el);
  }
}

function hasRefItem(list: Node): boolean {
  return (list.items as Node[]).some((it) => it && it.kind !== 'noop' && (it.byRef || ((it.value?.kind === 'list' || it.value?.kind === 'array') && hasRefItem(it.value))));
}

/** [$a, &$b] = $src: by-reference items make the source element a reference (separating the source array). */
function destructureRef(m: Machine, list: Node, src: LPath): void {
  let i = 0;
  for (const it of list.items as Node[]) {
    if (!it || it.kind === 'noop') {
      i++;
      continue;
    }
    const key: Zval = it.key ? evalExpr(m, it.key) : i++;
    const el: LPath = { k: 'dim', base: src, key, node: it };
    const target = it.value ?? it;
    try {
      if (it.byRef) {
        const ref = makeRef(m, resolve(m, el));
        addref(ref);
        const tp = lpathOf(m, target);
        try {
          bindRef(m, resolve(m, tp), ref);
        } finally {
          releaseLPath(m, tp);
        }
      } else if ((target.kind === 'list' || target.kind === 'array') && hasRefItem(target)) {
        destructureRef(m, target, el);
      } else {
        const container = deref(resolve(m, src).get());
        const k = normalizeKey(key);
        const v = isArray(container) && k !== undefined ? copyOut(container.ht.get(k)) : null;
        if (target.kind === 'list' || target.kind === 'array') {
          destructure(m, target, v);
          release(m, v, false);
        } else assignTo(m, lpathOf(m, target), v);
      }
    } finally {
      release(m, key, false);
    }
  }
}

function evalAssignRef(m: Machine, n: Node): Zval {
  const right = n.right;
  if (right.kind === 'new') unsupported(n, 'assigning the result of new by reference');
  if (right.kind === 'call') {
    // $x = &f(): a function returning by reference hands over its wrapper; any other result is assigned as a value.
    const lp = lpathOf(m, n.left);
    const saved = m.refCall;
    m.refCall = right;
    let r: Zval;
    try {
      r = evalExpr(m, right);
    } finally {
      m.refCall = saved;
    }
    if (!isRef(r)) {
      addref(r);
      assignTo(m, lp, r);
      return r;
    }
    const ref = r as unknown as ZRef;
    try {
      bindRef(m, resolve(m, lp), ref);
      return copyOut(ref);
    } finally {
      releaseLPath(m, lp);
    }
  }
  const lp = lpathOf(m, n.left);
  const rp = lpathOf(m, right);
  try {
    const ref = makeRef(m, resolve(m, rp));
    addref(ref);
    bindRef(m, resolve(m, lp), ref);
    return copyOut(ref);
  } finally {
    releaseLPath(m, rp);
    releaseLPath(m, lp);
  }
}

function numResult(n: number, asFloat: boolean): Zval {
  if (asFloat) return new PFloat(n);
  return Number.isSafeInteger(n) ? n : new PFloat(n);
}

function arith(m: Machine, op: string, a: Zval, b: Zval, node: Node): Zval {
  if (typeof a === 'number' && typeof b === 'number') {
    // int op int, the common case in loops.
    if (op === '+') return numResult(a + b, false);
    if (op === '-') return numResult(a - b, false);
    if (op === '*') return numResult(a * b, false);
  }
  if (isArray(a) && isArray(b) && op === '+') {
    const r = dupArray(m, a);
    for (const [k, s] of b.ht) {
      if (!r.ht.has(k)) {
        const v = copyOut(s);
        arraySet(m, r, k, v);
      }
    }
    return r;
  }
  if (isArray(a) || isArray(b)) throwError(m, 'TypeError', `Unsupported operand types: ${typeLabel(a)} ${op} ${typeLabel(b)}`);
  if (isObject(a) || isObject(b)) unsupported(node, 'arithmetic on objects');
  if (isStr(a)) checkNumericOperand(m, a, op, b);
  if (isStr(b)) checkNumericOperand(m, b, op, b);
  const x = toNumber(a);
  const y = toNumber(b);
  const fl = x instanceof PFloat || y instanceof PFloat;
  const xv = x instanceof PFloat ? x.v : x;
  const yv = y instanceof PFloat ? y.v : y;
  switch (op) {
    case '+':
      return numResult(xv + yv, fl);
    case '-':
      return numResult(xv - yv, fl);
    case '*':
      return numResult(xv * yv, fl);
    case '/':
      if (yv === 0) throwError(m, 'DivisionByZeroError', 'Division by zero');
      return numResult(xv / yv, fl || xv % yv !== 0);
    case '%': {
      const xi = toInt(a);
      const yi = toInt(b);
      if (yi === 0) throwError(m, 'DivisionByZeroError', 'Modulo by zero');
      return xi % yi;
    }
    case '**':
      return numResult(xv ** yv, fl || yv < 0);
  }
  unsupported(node, `operator ${op}`);
}

function checkNumericOperand(m: Machine, v: Zval, op: string, b: Zval): void {
  const [, , full] = parseNumeric(strOf(v as string));
  if (!full) {
    if (!/^\s*[+-]?(\d|\.\d)/.test(strOf(v as string))) throwError(m, 'TypeError', `Unsupported operand types: string ${op} ${typeLabel(b)}`);
    warn(m, 'A non-numeric value encountered');
  }
}

function typeLabel(v: Zval): string {
  if (isArray(v)) return 'array';
  if (isObject(v)) return v.cls.name;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (v instanceof PFloat) return 'float';
  return 'string';
}

export function binaryOp(m: Machine, op: string, a: Zval, b: Zval, node: Node): Zval {
  switch (op) {
    case '.': {
      // concat_function: with an empty operand the result is the other operand itself.
      const sa = toStr(m, a);
      const sb = toStr(m, b);
      const s = sa + sb;
      return s.length ? newString(m, s) : '';
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '**':
      return arith(m, op, a, b, node);
    case '==':
      return looseEquals(a, b);
    case '!=':
    case '<>':
      return !looseEquals(a, b);
    case '===':
      return isObject(a) || isObject(b) ? a === b : strictEquals(a, b);
    case '!==':
      return !(isObject(a) || isObject(b) ? a === b : strictEquals(a, b));
    case '<':
      return compare(a, b) < 0;
    case '<=':
      return compare(a, b) <= 0;
    // As PHP compiles them: `a > b` is `b < a` and `a >= b` is `b <= a`. They differ from compare(a, b) > 0 where
    // the two cannot be ordered (NAN, arrays with other keys), which compare as 1 either way round: false.
    case '>':
      return compare(b, a) < 0;
    case '>=':
      return compare(b, a) <= 0;
    case '<=>':
      return compare(a, b);
    case '&':
      return toInt(a) & toInt(b);
    case '|':
      return toInt(a) | toInt(b);
    case '^':
      return toInt(a) ^ toInt(b);
    case '<<':
      return Number(BigInt.asIntN(64, BigInt(toInt(a)) << BigInt(toInt(b))));
    case '>>':
      return toInt(a) >> toInt(b);
    case 'xor':
      return toBool(a) !== toBool(b);
  }
  unsupported(node, `operator ${op}`);
}

function evalBin(m: Machine, n: Node): Zval {
  const op: string = n.type;
  if (op === '&&' || op === 'and') {
    const a = evalExpr(m, n.left);
    const ta = toBool(a);
    release(m, a, false);
    if (!ta) return false;
    const b = evalExpr(m, n.right);
    const tb = toBool(b);
    release(m, b, false);
    return tb;
  }
  if (op === '||' || op === 'or') {
    const a = evalExpr(m, n.left);
    const ta = toBool(a);
    release(m, a, false);
    if (ta) return true;
    const b = evalExpr(m, n.right);
    const tb = toBool(b);
    release(m, b, false);
    return tb;
  }
  if (op === 'instanceof') {
    const v = evalExpr(m, n.left);
    const r = isObject(v) && instanceOf(m, v, n.right);
    release(m, v, false);
    return r;
  }
  if (op === '.' && isConstScalar(n.left) && isConstScalar(n.right)) {
    // Constant-folded at compile time: an interned string.
    return scalarToString(constScalar(n.left)) + scalarToString(constScalar(n.right));
  }
  if (op === '??') {
    const a = quietRead(m, n.left);
    if (a !== null) return a;
    return evalExpr(m, n.right);
  }
  const a = evalExpr(m, n.left);
  let b: Zval;
  try {
    b = evalExpr(m, n.right);
  } catch (e) {
    release(m, a, false);
    throw e;
  }
  try {
    return binaryOp(m, op, a, b, n);
  } finally {
    release(m, a, false);
    release(m, b, false);
  }
}

function evalUnary(m: Machine, n: Node): Zval {
  const v = evalExpr(m, n.what);
  try {
    switch (n.type) {
      case '!':
        return !toBool(v);
      case '-':
        if (v instanceof PFloat) return new PFloat(-v.v);
        if (typeof v === 'number') return v === 0 ? 0 : -v;
        return arith(m, '*', v, -1, n);
      case '+':
        return arith(m, '*', v, 1, n);
      case '~':
        return ~toInt(v);
    }
  } finally {
    release(m, v, false);
  }
  unsupported(n, `unary ${n.type}`);
}

function evalIncDec(m: Machine, n: Node): Zval {
  const p = lpathOf(m, n.what);
  try {
    const place = resolve(m, p);
    const cur = place.get();
    if (cur === undefined && n.what.kind === 'variable') warn(m, `Undefined variable $${n.what.name}`);
    const old = copyOut(cur);
    let nv: Zval;
    if (old === null) nv = n.type === '+' ? 1 : null;
    else if (typeof old === 'number') nv = numResult(n.type === '+' ? old + 1 : old - 1, false);
    else if (old instanceof PFloat) nv = new PFloat(n.type === '+' ? old.v + 1 : old.v - 1);
    else if (isStr(old) && parseNumeric(strOf(old))[2]) nv = arith(m, n.type === '+' ? '+' : '-', old, 1, n);
    else unsupported(n, 'increment of a non-numeric value');
    assignPlace(m, place, nv);
    if (n.kind === 'pre') {
      release(m, old, false);
      return nv;
    }
    return old;
  } finally {
    releaseLPath(m, p);
  }
}

function evalCast(m: Machine, n: Node): Zval {
  const v = evalExpr(m, n.expr);
  try {
    switch (n.type) {
      case 'int':
        if (isObject(v)) return 1;
        return toInt(v);
      case 'float':
        return new PFloat(toFloat(v));
      case 'bool':
        return toBool(v);
      case 'string': {
        if (isStr(v)) return copyOut(v);
        const s = toStr(m, v);
        // "(string)digit" yields an interned one-char string; other conversions allocate.
        if (s.length <= 1 && (typeof v === 'number' || typeof v === 'boolean' || v === null)) return s;
        return s.length ? newString(m, s) : '';
      }
      case 'array': {
        if (isArray(v)) return copyOut(v);
        if (v === null) return EMPTY_ARRAY;
        if (isObject(v)) return objectToArray(m, v, n);
        const a = newArray(m);
        addref(v);
        arrayAppend(m, a, v);
        return a;
      }
      case 'object':
        return castToObject(m, v);
      case 'unset':
        return null;
    }
  } finally {
    // castToObject takes over the operand's reference.
    if (n.type !== 'object') release(m, v, false);
  }
  unsupported(n, `cast ${n.type}`);
}

function readDim(m: Machine, n: Node): Zval {
  if (!n.offset) unsupported(n, 'Cannot use [] for reading');
  const g = globalsKey(m, n);
  if (g !== undefined) {
    const s = m.globals.vars.get(g);
    if (s === undefined) warn(m, `Undefined global variable $${g}`);
    return copyOut(s);
  }
  const c = evalExpr(m, n.what);
  let k: Zval;
  try {
    k = evalExpr(m, n.offset);
  } catch (e) {
    release(m, c, false);
    throw e;
  }
  try {
    if (isArray(c)) {
      const key = normalizeKey(k);
      if (key === undefined) throwError(m, 'TypeError', 'Illegal offset type');
      const s = c.ht.get(key);
      if (s === undefined) {
        warn(m, typeof key === 'number' ? `Undefined array key ${key}` : `Undefined array key "${key}"`);
        return null;
      }
      return copyOut(s);
    }
    if (isStr(c)) {
      const s = strOf(c);
      let i = toInt(k);
      if (i < 0) i += s.length;
      if (i < 0 || i >= s.length) {
        warn(m, `Uninitialized string offset ${toInt(k)}`);
        return '';
      }
      return s[i];
    }
    if (isObject(c) && c.internal?.offsetGet) return copyOut(c.internal.offsetGet(m, k));
    if (c === null) return null;
    unsupported(n, 'array access on this type');
  } finally {
    release(m, k, false);
    release(m, c, false);
  }
}

function readProp(m: Machine, n: Node): Zval {
  const o = evalExpr(m, n.what);
  try {
    if (o === null && n.kind === 'nullsafepropertylookup') return null;
    const name = propName(m, n);
    if (!isObject(o)) {
      warn(m, `Attempt to read property "${name}" on ${typeLabel(o)}`);
      return null;
    }
    if (o.internal?.readProp) return o.internal.readProp(m, name);
    if (o.cls.useGuards && (!o.props.has(name) || !propAccessible(m, o, name))) {
      const f = magicFor(o, '__get', name, IN_GET);
      if (f) return callPropertyMagic(m, o, f, name, IN_GET, [name]);
    }
    if (!o.props.has(name)) {
      warn(m, `Undefined property: ${o.cls.name}::$${name}`);
      return null;
    }
    const s = o.props.get(name);
    if (s === undefined) {
      throwError(m, 'Error', `Typed property ${o.cls.propMap.get(name)?.declaringClass.name}::$${name} must not be accessed before initialization`);
    }
    return copyOut(s);
  } finally {
    release(m, o, false);
  }
}

function readStatic(m: Machine, n: Node): Zval {
  const off = n.offset;
  if (off.kind === 'variable') return copyOut(staticPropSlot(m, resolveClassName(m, n.what), off.name, n).get());
  if (off.kind === 'identifier') {
    if (off.name === 'class') {
      const cls = lookupClass(m, resolveClassName(m, n.what), true)!;
      return cls.name;
    }
    return classConstant(m, resolveClassName(m, n.what), off.name, n);
  }
  unsupported(n, 'dynamic static access');
}

function evalMatch(m: Machine, n: Node): Zval {
  const v = evalExpr(m, n.cond);
  try {
    for (const arm of n.arms as Node[]) {
      if (!arm.conds) continue;
      for (const c of arm.conds) {
        const t = evalExpr(m, c);
        const eq = isObject(v) || isObject(t) ? v === t : strictEquals(v, t);
        release(m, t, false);
        if (eq) return evalExpr(m, arm.body);
      }
    }
    const def = (n.arms as Node[]).find((a) => !a.conds);
    if (def) return evalExpr(m, def.body);
    // smart_str_append_scalar with zend.exception_string_param_max_len, which Debian's php.ini sets to 0.
    const shown = typeof v === 'number' ? String(v) : typeof v === 'boolean' ? String(v) : v === null ? 'NULL'
      : v instanceof PFloat ? floatToString(v.v) : isStr(v) ? (strOf(v).length ? `'...'` : `''`) : `of type ${typeLabel(v)}`;
    throwError(m, 'UnhandledMatchError', `Unhandled match case ${shown}`);
  } finally {
    release(m, v, false);
  }
}

function constantValue(m: Machine, n: Node): Zval {
  const plain: string = n.name.replace(/^\\/, '');
  const lc = plain.toLowerCase();
  if (lc === 'true') return true;
  if (lc === 'false') return false;
  if (lc === 'null') return null;
  const candidates: string[] = n.fqConst ?? [plain];
  for (const name of candidates) {
    const c = m.constants.get(name);
    if (c !== undefined) return copyOut(c);
  }
  const name = candidates[candidates.length - 1];
  throwError(m, 'Error', `Undefined constant "${name}"`);
}

function magicConstant(m: Machine, n: Node): Zval {
  const f = frameOf(m);
  switch (n.value.toUpperCase()) {
    case '__LINE__':
      return n.loc?.start.line ?? m.line;
    case '__CLASS__':
      return f.scope?.name ?? '';
    case '__FUNCTION__':
      return f.func?.name ?? '';
    case '__METHOD__':
      return f.func ? (f.func.cls ? `${f.func.cls.name}::${f.func.name}` : f.func.name) : '';
    case '__FILE__':
      return m.opts.file;
    case '__TRAIT__':
      return n.trait ?? '';
    case '__NAMESPACE__':
      return n.ns ?? '';
    case '__DIR__':
      return m.opts.file.replace(/\/[^/]*$/, '');
  }
  unsupported(n, `magic constant ${n.value}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Calls: evaluate the callee first (to know by-reference parameters), then the arguments.

export interface ArgSpec {
  nodes: Node[];
}

/** Evaluate arguments for a callee whose by-reference parameters are given by `isByRef`. Named arguments go to
 * their parameter's position; skipped optional parameters stay `undefined` (the callee uses its default). */
export function evalArgs(m: Machine, nodes: Node[], isByRef: (i: number) => boolean, callee?: FuncDef): Slot[] {
  const out: Slot[] = [];
  const place = (name: string, v: Slot, node: Node) => {
    const i = paramIndex(callee, name);
    if (i < 0) {
      release(m, v, false);
      if (callee && !callee.native) throwError(m, 'Error', `Unknown named parameter $${name}`);
      unsupported(node, `named argument $${name} for this function`);
    }
    if (out[i] !== undefined) {
      release(m, v, false);
      throwError(m, 'Error', `Named parameter $${name} overwrites previous argument`);
    }
    while (out.length < i) out.push(undefined as unknown as Slot);
    out[i] = v;
  };
  try {
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      if (a.kind === 'variadic') {
        const v = evalExpr(m, a.what);
        if (!isArray(v)) unsupported(a, 'argument unpacking of a non-array');
        for (const [k, s] of v.ht) {
          if (typeof k === 'string') place(k, copyOut(s), a);
          else out.push(copyOut(s));
        }
        release(m, v, false);
        continue;
      }
      if (a.kind === 'namedargument') {
        const idx = paramIndex(callee, a.name);
        const byRef = idx >= 0 && isByRef(idx) && isWritable(a.value);
        place(a.name, byRef ? refArg(m, a.value) : evalExpr(m, a.value), a);
        continue;
      }
      if (isByRef(out.length) && isWritable(a)) out.push(refArg(m, a));
      else out.push(evalExpr(m, a));
    }
  } catch (e) {
    for (const v of out) release(m, v, false);
    throw e;
  }
  if (callee?.native && out.includes(undefined as unknown as Slot)) {
    for (const v of out) release(m, v, false);
    unsupported(nodes[0], `named arguments that skip optional parameters of ${callee.name}()`);
  }
  return out;
}

function refArg(m: Machine, a: Node): Slot {
  const p = lpathOf(m, a);
  const ref = makeRef(m, resolve(m, p));
  releaseLPath(m, p);
  addref(ref);
  return ref;
}

function paramIndex(f: FuncDef | undefined, name: string): number {
  if (!f) return -1;
  const names = f.native ? nativeParamNames.get(f.name) ?? [] : f.params.filter((p) => !p.variadic).map((p) => p.name);
  return names.indexOf(name);
}

function isWritable(n: Node): boolean {
  return n.kind === 'variable' || n.kind === 'offsetlookup' || n.kind === 'propertylookup' || n.kind === 'staticlookup';
}

function evalCall(m: Machine, n: Node): Zval {
  const what = n.what;
  if (n.arguments.length === 1 && n.arguments[0].kind === 'variadicplaceholder') return firstClassCallable(m, n);
  if (what.kind === 'name') return callFunctionByName(m, what, n.arguments, n);
  if (what.kind === 'propertylookup' || what.kind === 'nullsafepropertylookup') {
    const name = propName(m, what);
    // INIT_METHOD_CALL: $this is used as is; any other object gets +1 for the call, released after it (a root).
    const isThis = what.what.kind === 'variable' && what.what.name === 'this';
    const obj = evalExpr(m, what.what);
    if (obj === null && what.kind === 'nullsafepropertylookup') return null;
    if (!isObject(obj)) {
      release(m, obj, false);
      throwError(m, 'Error', `Call to a member function ${name}() on ${typeLabel(obj)}`);
    }
    if (isThis) obj.rc--;
    return callMethod(m, obj, name, n.arguments, n, !isThis);
  }
  if (what.kind === 'staticlookup') {
    const name = what.offset.kind === 'identifier' ? what.offset.name : propName(m, what);
    return callStatic(m, what.what, name, n.arguments, n);
  }
  // $f(...), (expr)(...): a closure or a callable string.
  const f = evalExpr(m, what);
  if (isObject(f) && f.closure) return callClosure(m, f, n.arguments, n, true);
  if (isObject(f) && findMethod(f.cls, '__invoke')) return callMethod(m, f, '__invoke', n.arguments, n, true);
  if (isStr(f) && strOf(f).includes('::')) {
    // 'Class::method'
    const [cls, meth] = strOf(f).split('::');
    release(m, f, false);
    return callStatic(m, { kind: 'name', name: '\\' + cls.replace(/^\\/, ''), fqClass: cls.replace(/^\\/, ''), loc: what.loc } as Node, meth, n.arguments, n);
  }
  if (isStr(f)) {
    const name = strOf(f);
    release(m, f, false);
    return callFunctionByName(m, { kind: 'name', name, loc: what.loc }, n.arguments, n);
  }
  if (isArray(f) && f.ht.size === 2) {
    // [$obj, 'method'] and ['Class', 'method']: INIT_DYNAMIC_CALL with an array callable.
    const [target, meth] = [...f.ht.values()].map((s) => deref(s));
    if (isStr(meth) && (isObject(target) || isStr(target))) {
      const name = strOf(meth);
      if (isObject(target)) {
        addref(target);
        release(m, f, false);
        return callMethod(m, target, name, n.arguments, n, true);
      }
      const cls = strOf(target).replace(/^\\/, '');
      release(m, f, false);
      return callStatic(m, { kind: 'name', name: '\\' + cls, fqClass: cls, loc: what.loc } as Node, name, n.arguments, n);
    }
  }
  release(m, f, false);
  unsupported(n, 'calling this kind of value');
}

function evalNew(m: Machine, n: Node): Zval {
  if (n.what.kind === 'class') return instantiate(m, declareAnonymousClass(m, n.what).name, n.arguments, n);
  if (n.what.kind !== 'name' && !n.what.kind.endsWith('reference')) {
    // new $className: the class named by a string (or the class of an object).
    const v = evalExpr(m, n.what);
    const name = isObject(v) ? v.cls.name : toStr(m, v);
    release(m, v, false);
    return instantiate(m, name.replace(/^\\/, ''), n.arguments, n);
  }
  const name = resolveClassName(m, n.what);
  return instantiate(m, name, n.arguments, n);
}

export { toStr, scalarToString, floatToString, Fatal };

/** An anonymous class is declared once, the first time its `new` runs, under Zend's generated name
 * ("class@anonymous", a NUL byte, the file, the line and a per-file counter). */
function declareAnonymousClass(m: Machine, n: Node): ClassDef {
  let cls = anonymousClasses.get(n);
  if (!cls) {
    const base = n.extends ? resolveClassName(m, n.extends) : 'class';
    const name = `${base}@anonymous\0${m.opts.file}:${n.loc?.start.line ?? m.line}$${(m.anonymousCount++).toString(16)}`;
    cls = declareClass(m, { ...n, fqName: name, name: { kind: 'identifier', name } });
    cls.anonymous = true;
    anonymousClasses.set(n, cls);
  }
  return cls;
}
const anonymousClasses = new WeakMap<Node, ClassDef>();

/** `$GLOBALS['name']` (8.1+: a read-only view whose elements are the global variables themselves): the name, or
 * undefined when `n` is not such an access. */
function globalsKey(m: Machine, n: Node): string | undefined {
  if (n.kind !== 'offsetlookup' || n.what.kind !== 'variable' || n.what.name !== 'GLOBALS' || !n.offset) return undefined;
  const k = evalExpr(m, n.offset);
  const name = toStr(m, k);
  release(m, k, false);
  return name;
}

/** strlen(...), $obj->method(...), Cls::method(...), $f(...): a Closure for the callee (zend_create_fake_closure). */
function firstClassCallable(m: Machine, n: Node): Zval {
  const what = n.what;
  let callable: Zval;
  if (what.kind === 'name') {
    const candidates: string[] = what.fqFunc ?? [what.name.replace(/^\\/, '')];
    const name = candidates.find((c) => m.functions.has(c.toLowerCase())) ?? candidates[candidates.length - 1];
    if (!m.functions.has(name.toLowerCase()) && !nativeFunctions.has(name.toLowerCase())) throwError(m, 'Error', `Call to undefined function ${name}()`);
    callable = name;
  } else if (what.kind === 'propertylookup' || what.kind === 'nullsafepropertylookup') {
    const obj = evalExpr(m, what.what);
    const a = newArray(m, 2);
    arrayAppend(m, a, obj);
    arrayAppend(m, a, what.offset.name);
    try {
      return closureFromCallable(m, a, n);
    } finally {
      release(m, a, false);
    }
  } else if (what.kind === 'staticlookup') {
    callable = `${lookupClass(m, resolveClassName(m, what.what))!.name}::${what.offset.name}`;
  } else callable = evalExpr(m, what);
  try {
    return closureFromCallable(m, callable, n);
  } finally {
    release(m, callable, false);
  }
}

/** $$name and ${'expr'}: the global scope's symbol table already exists, so they are plain lookups there. Inside a
 * function Zend first builds a symbol table for the frame (an allocation this simulator does not model). */
function variableName(m: Machine, n: Node): string {
  if (frameOf(m) !== m.globals) unsupported(n, 'variable variables inside a function');
  const v = evalExpr(m, n.name);
  const name = toStr(m, v);
  release(m, v, false);
  if (name === 'this' || name === 'GLOBALS') unsupported(n, `variable variable $${name}`);
  return name;
}

/** (array) $obj for an object without a dynamic-properties table (zend_std_build_object_properties_array, 8.1+):
 * a new hash sized for the declared properties, uninitialized ones skipped, private and protected names mangled
 * ("\0Class\0name", "\0*\0name"), references held only by the property copied as values. An object with a
 * properties table shares that table with the array instead, which the simulator does not model. */
function objectToArray(m: Machine, o: ZObject, n: Node): Zval {
  if (o.closure || o.cls.enumKind || o.cls.internal || o.dynSize) unsupported(n, `(array) cast of a ${o.closure ? 'Closure' : o.cls.name} object with a properties table`);
  const a = newArray(m);
  let sized = false;
  for (const [name, s] of o.props) {
    if (s === undefined) continue;
    if (!sized) {
      initArrayData(m, a, o.cls.props.length, false);
      sized = true;
    }
    const decl = o.cls.propMap.get(name);
    const key = !decl || decl.visibility === 'public' ? name : decl.visibility === 'protected' ? `\0*\0${name}` : `\0${decl.declaringClass.name}\0${name}`;
    const v: Slot = isRef(s) && s.rc === 1 ? s.val : s;
    addref(v);
    arraySet(m, a, normalizeKey(key) ?? key, v);
  }
  return a;
}

/** One by-value foreach iteration: bind (or destructure) the value and the key, run the body. Returns 'break', a
 * signal that leaves the loop (return, break/continue of an outer loop), or undefined to go on. */
function foreachIteration(m: Machine, s: Node, v: ReturnType<typeof copyOut>, key: Parameters<typeof assignTo>[2]): Exclude<ReturnType<typeof loopSignal>, 'continue'> | undefined {
  if (s.value.kind === 'list' || s.value.kind === 'array') {
    destructure(m, s.value, v);
    release(m, v, false);
  } else assignTo(m, lpathOf(m, s.value), v);
  if (s.key) assignTo(m, lpathOf(m, s.key), key);
  const r = loopSignal(execBlock(m, body(s.body)));
  if (r && r !== 'continue') return r;
  step(m, s);
  return undefined;
}
