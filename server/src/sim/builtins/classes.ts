// Internal classes: stdClass, Closure, the Throwable hierarchy, WeakReference, WeakMap, SplObjectStorage.
import type { Machine } from '../machine.js';
import { newClassDef, type ClassDef } from '../classes.js';
import type { FuncDef, NativeCtx } from '../functions.js';
import { addref, release } from '../refcount.js';
import { copyOut } from '../values.js';
import { isObject, isRef, type Slot, type ZObject, type Zval } from '../zval.js';
import { addWeakListener, removeWeakListener } from '../weakrefs.js';
import { Unsupported } from '../errors.js';
import { objectSize } from '../memory.js';
import { scalarToString, toInt } from '../convert.js';
import { inlineCompiledFunctions } from './params.js';

/** Each exception's stack trace as getTraceAsString() prints it (captured when the object is created). */
const exceptionTraces = new WeakMap<ZObject, string>();

/** The call stack as PHP 8.2 prints it with zend.exception_ignore_args=On (the php.ini default): innermost first,
 * each frame with the line it was called from, "[internal function]" for callbacks run by a built-in. */
function stackTrace(m: Machine): string {
  const lines: string[] = [];
  // Created inside a built-in (its TypeError, ValueError...): that function is the innermost frame.
  const native = m.nativeCall;
  if (native && !inlineCompiledFunctions.has(native.name)) lines.push(`#0 ${m.opts.file}(${native.line}): ${native.name}()`);
  for (let i = m.frames.length - 1; i > 0; i--) {
    const fr = m.frames[i];
    const f = fr.func;
    if (!f) continue;
    const where = fr.callLine !== undefined && fr.callLine >= 0 ? `${m.opts.file}(${fr.callLine})` : '[internal function]';
    const name = f.cls ? `${f.cls.name}${fr.thisObj ? '->' : '::'}${f.name}` : f.name;
    lines.push(`#${lines.length} ${where}: ${name}()`);
    const via = fr.internalCaller;
    if (via) lines.push(`#${lines.length} ${m.opts.file}(${via.line}): ${via.name}()`);
  }
  lines.push(`#${lines.length} {main}`);
  return lines.join('\n');
}

/** Exception::__toString: the chain of previous exceptions first, each later one after "Next". A TypeError or
 * ArgumentCountError about a call names where the function is defined. */
export function throwableString(m: Machine, o: ZObject): string {
  let out = '';
  const seen = new Set<ZObject>();
  for (let e: Zval = o; isObject(e) && !seen.has(e); e = plain(e.props.get('previous'))) {
    seen.add(e);
    let msg = scalarToString(plain(e.props.get('message')));
    const name = e.cls.name;
    if ((name === 'TypeError' || name === 'ArgumentCountError') && msg.includes(', called in ')) msg += ' and defined';
    const file = scalarToString(plain(e.props.get('file')));
    const line = scalarToString(plain(e.props.get('line')));
    const head = msg.length ? `${name}: ${msg}` : name;
    const cur = `${head} in ${file}:${line}\nStack trace:\n${exceptionTraces.get(e) ?? '#0 {main}'}`;
    out = out ? `${cur}\n\nNext ${out}` : cur;
  }
  return out;
}

function plain(s: Slot | undefined): Zval {
  return s === undefined ? null : isRef(s) ? s.val : s;
}

function method(cls: ClassDef, name: string, impl: (c: NativeCtx) => Zval, isStatic = false): void {
  const f: FuncDef = {
    name, kind: 'method', params: [], body: null, expr: null, isStatic, byRefReturn: false, cls, visibility: 'public',
    isAbstract: false, cvs: [], statics: null, returnType: null, node: null, native: impl, line: 0,
  };
  cls.methods.set(name.toLowerCase(), f);
  if (name === '__construct') cls.constructor = f;
}

function arg(c: NativeCtx, i: number): Zval {
  const s = c.args[i];
  return s === undefined ? null : isRef(s) ? s.val : s;
}

function internalClass(m: Machine, name: string, parent: ClassDef | null = null, iface = false): ClassDef {
  const c = newClassDef(name, parent);
  c.internal = true;
  c.isInterface = iface;
  m.classes.set(name.toLowerCase(), c);
  return c;
}

export function installClasses(m: Machine, makeThrowable: (m: Machine, o: ZObject, msg: string, code: number) => void): void {
  internalClass(m, 'stdClass').internal = false;
  m.classes.get('stdclass')!.internal = true;
  internalClass(m, 'Closure');
  const traversable = internalClass(m, 'Traversable', null, true);
  const countable = internalClass(m, 'Countable', null, true);
  const arrayAccess = internalClass(m, 'ArrayAccess', null, true);
  internalClass(m, 'Stringable', null, true);
  const throwable = internalClass(m, 'Throwable', null, true);
  throwable.interfaces.push(internalClass(m, 'IteratorAggregate', null, true));
  throwable.interfaces.pop();

  const mkThrowable = (name: string, parent: ClassDef | null) => {
    const c = internalClass(m, name, parent);
    if (!parent) {
      c.interfaces.push(throwable);
      const decl = (n: string, vis: 'protected' | 'private') => {
        const d = { name: n, def: null, hasDefault: true, type: null, visibility: vis, declaringClass: c };
        c.props.push(d);
        c.propMap.set(n, d);
      };
      decl('message', 'protected');
      decl('string', 'private');
      decl('code', 'protected');
      decl('file', 'protected');
      decl('line', 'protected');
      decl('trace', 'private');
      decl('previous', 'private');
      c.createInternal = (o) => {
        // zend_default_exception_new: file, line and trace always come from where the object is created; the
        // other properties keep a default a user subclass declares.
        const init: [string, Zval][] = [['message', ''], ['string', ''], ['code', 0], ['trace', EMPTY()], ['previous', null]];
        for (const [k, v] of init) if (!o.cls.propMap.get(k)?.def) o.props.set(k, v);
        o.props.set('file', m.opts.file);
        o.props.set('line', m.line);
        exceptionTraces.set(o, stackTrace(m));
      };
      method(c, '__construct', (ctx) => {
        const o = ctx.thisObj!;
        const msg = ctx.args.length ? copyOut(ctx.args[0]) : '';
        const old = o.props.get('message');
        o.props.set('message', msg);
        release(ctx.m, old, true);
        if (ctx.args.length > 1) o.props.set('code', toInt(arg(ctx, 1)));
        if (ctx.args.length > 2) {
          const p = copyOut(ctx.args[2]);
          o.props.set('previous', p);
        }
        return null;
      });
      method(c, 'getMessage', (ctx) => copyOut(ctx.thisObj!.props.get('message')));
      method(c, 'getCode', (ctx) => copyOut(ctx.thisObj!.props.get('code')));
      method(c, 'getPrevious', (ctx) => copyOut(ctx.thisObj!.props.get('previous')));
      method(c, 'getLine', (ctx) => copyOut(ctx.thisObj!.props.get('line')));
      method(c, 'getFile', (ctx) => copyOut(ctx.thisObj!.props.get('file')));
      method(c, 'getTraceAsString', (ctx) => exceptionTraces.get(ctx.thisObj!) ?? '#0 {main}');
      method(c, '__toString', (ctx) => throwableString(ctx.m, ctx.thisObj!));
    }
    return c;
  };
  const exception = mkThrowable('Exception', null);
  const error = mkThrowable('Error', null);
  for (const n of ['ErrorException', 'RuntimeException', 'LogicException']) mkThrowable(n, exception);
  const logic = m.classes.get('logicexception')!;
  const runtime = m.classes.get('runtimeexception')!;
  for (const n of ['InvalidArgumentException', 'DomainException', 'LengthException', 'OutOfRangeException', 'BadFunctionCallException']) mkThrowable(n, logic);
  for (const n of ['OutOfBoundsException', 'RangeException', 'OverflowException', 'UnderflowException', 'UnexpectedValueException']) mkThrowable(n, runtime);
  const typeError = mkThrowable('TypeError', error);
  mkThrowable('ArgumentCountError', typeError);
  mkThrowable('ValueError', error);
  const arith = mkThrowable('ArithmeticError', error);
  mkThrowable('DivisionByZeroError', arith);
  mkThrowable('UnhandledMatchError', error);
  void makeThrowable;

  // WeakReference: create() returns the one instance per target; get() is null once the target died.
  const weakRef = internalClass(m, 'WeakReference');
  weakRef.instanceSize = objectSize(0);
  const weakRefs = new Map<ZObject, ZObject>();
  method(weakRef, 'create', (ctx) => {
    const target = arg(ctx, 0);
    if (!isObject(target)) throw new Unsupported(ctx.line, 'WeakReference::create() of a non-object');
    const existing = weakRefs.get(target);
    if (existing && !existing.dead) {
      addref(existing);
      return existing;
    }
    const o = createObjectFn(ctx.m, weakRef);
    const state = { target: target as ZObject | null };
    o.internal = {
      readProp: () => null,
      debugProps: () => [],
      free: (mm: Machine) => {
        if (state.target) removeWeakListener(mm, state.target, listener);
        weakRefs.delete(target);
      },
      get: () => state.target,
    };
    const listener = { onTargetFreed: () => { state.target = null; weakRefs.delete(target); } };
    addWeakListener(ctx.m, target, listener);
    weakRefs.set(target, o);
    return o;
  }, true);
  method(weakRef, 'get', (ctx) => {
    const t = ctx.thisObj!.internal.get();
    addref(t);
    return t;
  });

  // WeakMap: keys are held weakly, values strongly; a dying key removes its entry and releases the value at once.
  const weakMap = internalClass(m, 'WeakMap');
  weakMap.interfaces.push(arrayAccess, countable, traversable);
  weakMap.createInternal = (o) => {
    const entries = new Map<ZObject, Slot>();
    const listener = {
      onTargetFreed: (mm: Machine, key: ZObject) => {
        const v = entries.get(key);
        entries.delete(key);
        release(mm, v, true);
      },
    };
    const keyOf = (mm: Machine, k: Zval): ZObject => {
      if (!isObject(k)) throwErrorFn(mm, 'TypeError', 'WeakMap key must be an object');
      return k;
    };
    o.internal = {
      offsetGet: (mm: Machine, k: Zval, quiet = false) => {
        const key = keyOf(mm, k);
        if (!entries.has(key)) {
          if (quiet) return undefined;
          throwErrorFn(mm, 'Error', `Object ${key.cls.name}#${key.handle} not contained in WeakMap`);
        }
        return entries.get(key);
      },
      offsetSet: (mm: Machine, k: Zval, v: Slot) => {
        const key = keyOf(mm, k);
        const old = entries.get(key);
        const had = entries.has(key);
        entries.set(key, isRef(v) ? v.val : v);
        if (!had) addWeakListener(mm, key, listener);
        release(mm, old, true);
      },
      offsetExists: (mm: Machine, k: Zval) => isObject(k) && entries.has(k) && entries.get(k) !== null,
      offsetUnset: (mm: Machine, k: Zval) => {
        if (!isObject(k) || !entries.has(k)) return;
        const v = entries.get(k);
        entries.delete(k);
        removeWeakListener(mm, k, listener);
        release(mm, v, true);
      },
      count: () => entries.size,
      iterate: () => [...entries.entries()].map(([k, v]) => [k, isRef(v) ? v.val : v]),
      gcChildren: () => [...entries.values()],
      free: (mm: Machine) => {
        for (const [k, v] of [...entries.entries()]) {
          entries.delete(k);
          removeWeakListener(mm, k, listener);
          release(mm, v, true);
        }
      },
      debugProps: () => [],
    };
  };
  method(weakMap, 'count', (ctx) => ctx.thisObj!.internal.count());
  method(weakMap, 'offsetExists', (ctx) => ctx.thisObj!.internal.offsetExists(ctx.m, arg(ctx, 0)));
  method(weakMap, 'offsetGet', (ctx) => copyOut(ctx.thisObj!.internal.offsetGet(ctx.m, arg(ctx, 0))));
  method(weakMap, 'offsetSet', (ctx) => {
    const v = copyOut(ctx.args[1]);
    ctx.thisObj!.internal.offsetSet(ctx.m, arg(ctx, 0), v);
    return null;
  });
  method(weakMap, 'offsetUnset', (ctx) => {
    ctx.thisObj!.internal.offsetUnset(ctx.m, arg(ctx, 0));
    return null;
  });

  // SplObjectStorage: a strong set of objects with associated data.
  const storage = internalClass(m, 'SplObjectStorage');
  storage.interfaces.push(arrayAccess, countable, traversable);
  storage.createInternal = (o) => {
    const entries = new Map<ZObject, Slot>();
    const attach = (mm: Machine, obj: Zval, inf: Zval) => {
      if (!isObject(obj)) throwErrorFn(mm, 'TypeError', 'SplObjectStorage::attach(): Argument #1 ($object) must be of type object');
      if (entries.has(obj)) {
        const old = entries.get(obj);
        entries.set(obj, inf);
        release(mm, old, true);
        return;
      }
      addref(obj);
      entries.set(obj, inf);
    };
    const detach = (mm: Machine, obj: Zval) => {
      if (!isObject(obj) || !entries.has(obj)) return;
      const inf = entries.get(obj);
      entries.delete(obj);
      release(mm, obj, true);
      release(mm, inf, true);
    };
    o.internal = {
      attach, detach,
      has: (obj: Zval) => isObject(obj) && entries.has(obj),
      offsetGet: (mm: Machine, k: Zval, quiet = false) => {
        if (quiet && (!isObject(k) || !entries.has(k))) return undefined;
        if (!isObject(k) || !entries.has(k)) throwErrorFn(mm, 'UnexpectedValueException', 'Object not found');
        return entries.get(k);
      },
      offsetSet: (mm: Machine, k: Zval, v: Slot) => attach(mm, k, isRef(v) ? v.val : v),
      offsetExists: (mm: Machine, k: Zval) => isObject(k) && entries.has(k),
      offsetUnset: (mm: Machine, k: Zval) => detach(mm, k),
      count: () => entries.size,
      iterate: () => [...entries.keys()].map((k, i) => [i, k]),
      info: (obj: ZObject) => entries.get(obj),
      gcChildren: () => [...entries.entries()].flatMap(([k, v]) => [k, v]),
      free: (mm: Machine) => {
        for (const [k, v] of [...entries.entries()]) {
          entries.delete(k);
          release(mm, k, true);
          release(mm, v, true);
        }
      },
      debugProps: () => [],
    };
  };
  method(storage, 'attach', (ctx) => {
    const inf = ctx.args.length > 1 ? copyOut(ctx.args[1]) : null;
    ctx.thisObj!.internal.attach(ctx.m, arg(ctx, 0), inf);
    return null;
  });
  method(storage, 'detach', (ctx) => {
    ctx.thisObj!.internal.detach(ctx.m, arg(ctx, 0));
    return null;
  });
  method(storage, 'contains', (ctx) => ctx.thisObj!.internal.has(arg(ctx, 0)));
  method(storage, 'count', (ctx) => ctx.thisObj!.internal.count());
  method(storage, 'offsetExists', (ctx) => ctx.thisObj!.internal.has(arg(ctx, 0)));
  method(storage, 'offsetGet', (ctx) => copyOut(ctx.thisObj!.internal.offsetGet(ctx.m, arg(ctx, 0))));
  method(storage, 'offsetSet', (ctx) => {
    const inf = ctx.args.length > 1 ? copyOut(ctx.args[1]) : null;
    ctx.thisObj!.internal.attach(ctx.m, arg(ctx, 0), inf);
    return null;
  });
  method(storage, 'offsetUnset', (ctx) => {
    ctx.thisObj!.internal.detach(ctx.m, arg(ctx, 0));
    return null;
  });
}

let EMPTY: () => Zval = () => null;
let createObjectFn: (m: Machine, cls: ClassDef) => ZObject = () => {
  throw new Error('unwired');
};
let throwErrorFn: (m: Machine, cls: string, msg: string) => never = () => {
  throw new Error('unwired');
};
export function wireClasses(empty: () => Zval, create: typeof createObjectFn, err: typeof throwErrorFn): void {
  EMPTY = empty;
  createObjectFn = create;
  throwErrorFn = err;
}
