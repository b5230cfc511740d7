// Entry point: parse, run the script on the simulated engine, then PHP's shutdown sequence.
import { OBJECT_STORE_INITIAL_SLOTS } from './handles.js';
import { parsePhp, type Node } from '../core/parse.js';
import { walk } from '../core/walk.js';
import type { Machine, SimOptions } from './machine.js';
import { Exit, Fatal, Guard, Thrown, Unsupported } from './errors.js';
import { newGcState } from './rootBuffer.js';
import { newRecorder } from './recorder.js';
import { collectCvs } from './functions.js';
import { EMPTY_ARRAY, echo, evalExpr, exec, toStr } from './interpreter.js';
import {
  callCallable, callDestructor, callMethod, createObject, declareClass, declareFunction, lookupClass, throwError,
} from './calls.js';
import { installClasses, wireClasses } from './builtins/classes.js';
import { wireBuiltins, wireErrors, wireMethods } from './builtins/index.js';
import { setObjectToString } from './values.js';
import { hasDestructor, release, runDestructor } from './refcount.js';
import { findMethod, type ClassDef } from './classes.js';
import { PFloat, isObject, isRef, type ZObject, type Zval } from './zval.js';
import type { Trace } from './trace.js';
import { materializeProps } from './interpreter.js';
import { classNameOf, flattenNamespaces, resolveNames } from './namespaces.js';
import { decodeUnicodeEscapes } from './literals.js';
import { findUserFunction, placeholderArguments, type Placeholder } from './placeholders.js';
import { installGenerator } from './generators.js';

export interface SimulateOptions {
  opcache?: boolean;
  /** Simulate only this function, called after the file's declarations. Required parameters get placeholder
   * arguments derived from their declared types (see `SimulationResult.placeholders`); optional ones keep their
   * defaults. A namespaced function may be named by its short name when that is unambiguous. */
  functionName?: string;
  maxSteps?: number;
  /** Wall-clock limit in milliseconds (default 10 s). */
  maxMillis?: number;
  /** Simulated memory limit in bytes (memory_get_usage() above the baseline). */
  maxMemory?: number;
  maxDepth?: number;
  trace?: boolean;
  /** File name used in messages. */
  file?: string;
}

export interface SimulationResult {
  stdout: string;
  /** 0 ran, 2 bad input (unparsable), 3 outside the supported subset, 4 stopped by a guard. */
  exitCode: 0 | 2 | 3 | 4;
  unsupported?: { line: number; message: string };
  guard?: string;
  /** What real PHP would log on stderr (warnings, uncaught exceptions), plus parse errors. */
  stderr: string;
  trace: Trace;
  /** With `functionName`: the arguments the simulator made up for the function's required parameters, in order
   * (`param` without `$`, `value` as PHP source: `0`, `0.0`, `''`, `false`, `[]`, `new Foo()` or `null`). Present
   * (possibly empty) whenever `functionName` was given; absent otherwise. */
  placeholders?: Placeholder[];
}

wireBuiltins(echo, callCallable, (m, o) => materializeProps(m, o));
wireMethods(
  (m, o, name) => callMethod(m, o, name, [], { kind: 'call' } as Node, false),
  (o, lc) => !!findMethod(o.cls, lc),
  (o) => implementsNamed(o.cls, 'countable'),
);

function implementsNamed(cls: ClassDef, lc: string): boolean {
  for (let k: ClassDef | null = cls; k; k = k.parent) {
    if (k.name.toLowerCase() === lc) return true;
    for (const i of k.interfaces) if (implementsNamed(i, lc)) return true;
  }
  return false;
}
wireErrors(throwError);
wireClasses(() => EMPTY_ARRAY, createObject, throwError);
setObjectToString((m, v) => {
  const o = v as ZObject;
  const f = findMethod(o.cls, '__tostring');
  if (!f) throwError(m, 'Error', `Object of class ${o.cls.name} could not be converted to string`);
  const r = callMethod(m, o, '__toString', [], { kind: 'call' } as Node, false);
  const s = toStr(m, r);
  release(m, r, false);
  return s;
});

function newMachine(opts: SimOptions): Machine {
  const globals = { name: '{main}', vars: new Map(), thisObj: null, scope: null, staticScope: null, func: null, line: 1 };
  const m: Machine = {
    opts, nextId: 1, memory: 0, peak: 0, stdout: [], stdoutLen: 0, stderr: [], outputStarted: false,
    objects: [null], freeHandles: [], objectStoreSize: OBJECT_STORE_INITIAL_SLOTS, gc: newGcState(), classes: new Map(), functions: new Map(), constants: new Map(),
    globals, frames: [globals], steps: 0, startedAt: Date.now(), line: 1, recorder: null, literals: new Map(), shutdownFunctions: [],
    callDestructor, anonymousCount: 0, refCall: null, strictTypes: false, nativeCall: null,
  };
  installClasses(m, () => {});
  installGenerator(m);
  const c = m.constants;
  c.set('PHP_EOL', '\n');
  c.set('PHP_INT_MAX', Number.MAX_SAFE_INTEGER);
  c.set('PHP_INT_SIZE', 8);
  c.set('INF', new PFloat(Infinity));
  c.set('NAN', new PFloat(NaN));
  c.set('PHP_VERSION', '8.2.36');
  c.set('PHP_MAJOR_VERSION', 8);
  c.set('PHP_MINOR_VERSION', 2);
  c.set('E_ALL', 32767);
  c.set('JSON_UNESCAPED_SLASHES', 64);
  c.set('JSON_PRETTY_PRINT', 128);
  c.set('JSON_UNESCAPED_UNICODE', 256);
  c.set('SORT_REGULAR', 0);
  c.set('COUNT_RECURSIVE', 1);
  c.set('ARRAY_FILTER_USE_KEY', 2);
  c.set('ARRAY_FILTER_USE_BOTH', 1);
  c.set('STR_PAD_LEFT', 0);
  c.set('STR_PAD_RIGHT', 1);
  c.set('STR_PAD_BOTH', 2);
  return m;
}

/** zend_exception_error: the exception's string form (its __toString), then where it was thrown, logged to
 * stderr as the CLI does with display_errors=Off (the Debian php.ini). */
function uncaught(m: Machine, e: Thrown): void {
  const o = e.obj;
  let text: string;
  try {
    text = toStr(m, o);
  } catch (inner) {
    // A user __toString that throws: PHP reports that exception instead.
    if (!(inner instanceof Thrown)) throw inner;
    release(m, o, false);
    uncaught(m, inner);
    return;
  }
  const line = o.props.get('line');
  const file = o.props.get('file');
  m.stderr.push(`PHP Fatal error:  Uncaught ${text}\n  thrown in ${toStr(m, (isRef(file) ? file.val : file) ?? null)} on line ${line}\n`);
  release(m, o, false);
}

/** Hoist unconditional top-level functions and classes (PHP declares them before running the file). */
function hoist(m: Machine, stmts: Node[]): void {
  for (const s of stmts) if (s.kind === 'function') declareFunction(m, s);
  let progress = true;
  const pending = stmts.filter((s) => s.kind === 'class' || s.kind === 'interface' || s.kind === 'trait' || s.kind === 'enum');
  while (progress && pending.length) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const s = pending[i];
      const traits = (s.body as Node[]).filter((i) => i.kind === 'traituse').flatMap((i) => i.traits);
      const deps = [s.extends, ...(s.implements ?? []), ...traits].flat().filter(Boolean).map((d: Node) => classNameOf(d));
      if (deps.every((d: string) => lookupClass(m, d, false))) {
        declareClass(m, s);
        pending.splice(i--, 1);
        progress = true;
      }
    }
  }
}

/** Script end: shutdown functions, globals destroyed in reverse order while objects with refcount 1 remain, then
 * every remaining destructor in handle order. No GC run happens at shutdown. */
function shutdown(m: Machine): void {
  for (const f of m.shutdownFunctions) release(m, callCallable(m, f as Zval, []), false);
  const g = m.globals.vars;
  for (;;) {
    const before = [...g.values()].filter((v) => v !== undefined).length;
    for (const name of [...g.keys()].reverse()) {
      const v = g.get(name);
      if (isObject(v) && v.rc === 1) {
        g.delete(name);
        release(m, v, false);
      }
    }
    const after = [...g.values()].filter((v) => v !== undefined).length;
    if (after === before) break;
  }
  for (let h = 1; h < m.objects.length; h++) {
    const o = m.objects[h];
    if (!o || o.dtorCalled) continue;
    o.dtorCalled = true;
    if (hasDestructor(o)) {
      o.rc++;
      try {
        runDestructor(m, o);
      } finally {
        o.rc--;
      }
    }
  }
}

/** The line of `[1, , 2]` outside a destructuring target (php-parser accepts it; PHP's compiler does not), or null. */
function emptyArrayElement(program: Node): number | null {
  const targets = new Set<Node>();
  let line: number | null = null;
  walk(program, (n) => {
    if (line !== null) return false;
    if (n.kind === 'assign' && (n.left?.kind === 'array' || n.left?.kind === 'list')) walk(n.left, (t) => { targets.add(t); });
    if (n.kind === 'foreach') for (const side of [n.key, n.value]) if (side) walk(side, (t) => { targets.add(t); });
    if (n.kind === 'array' && !targets.has(n) && (n.items as Array<Node | null>).some((item) => !item || item.kind === 'noop')) line = n.loc?.start.line ?? 1;
  });
  return line;
}

export function simulate(code: string, options: SimulateOptions = {}): SimulationResult {
  const opts: SimOptions = {
    opcache: !!options.opcache,
    maxSteps: options.maxSteps ?? 5_000_000,
    maxMillis: options.maxMillis ?? 10_000,
    maxMemory: options.maxMemory ?? 128 * 1024 * 1024,
    maxDepth: options.maxDepth ?? 1000,
    trace: options.trace ?? true,
    file: options.file ?? 'input.php',
  };
  const m = newMachine(opts);
  if (opts.trace) m.recorder = newRecorder(opts.opcache);
  let placeholders: Placeholder[] | undefined;
  const result = (exitCode: SimulationResult['exitCode'], extra: Partial<SimulationResult> = {}): SimulationResult => {
    if (m.recorder) m.recorder.finish(m, 'end');
    const trace: Trace = m.recorder ? m.recorder.trace(m) : { version: 1, opcache: opts.opcache, steps: [], stdout: m.stdout.join(''), truncated: true };
    if (placeholders) trace.placeholders = placeholders;
    return {
      stdout: m.stdout.join(''), exitCode, stderr: m.stderr.join(''), ...(placeholders ? { placeholders } : {}),
      trace,
      ...extra,
    };
  };
  const { program, errors } = parsePhp(code, opts.file);
  if (errors.length) {
    const line = code.slice(0, errors[0].start).split('\n').length;
    m.stderr.push(`PHP Parse error:  ${errors[0].message} in ${opts.file} on line ${line}\n`);
    return result(2, { unsupported: undefined, guard: undefined });
  }
  const compileError = emptyArrayElement(program);
  if (compileError !== null) {
    // A compile-time fatal: PHP runs nothing of the file.
    m.stderr.push(`PHP Fatal error:  Cannot use empty array elements in arrays in ${opts.file} on line ${compileError}\n`);
    return result(0);
  }
  try {
    resolveNames(program.children);
    decodeUnicodeEscapes(program.children);
    const stmts: Node[] = flattenNamespaces(program.children);
    m.strictTypes = stmts.some((s) => s.kind === 'declare' && s.directives?.some((d: Node) => String(d.key?.name ?? d.key).toLowerCase() === 'strict_types' && d.value?.value === '1'));
    for (const name of collectCvs(stmts)) m.globals.vars.set(name, undefined);
    try {
      hoist(m, stmts);
      if (options.functionName) {
        const f = findUserFunction(m, options.functionName);
        const { args, placeholders: made } = f ? placeholderArguments(m, f) : { args: [], placeholders: [] };
        placeholders = made;
        const name = f ? '\\' + f.name : options.functionName;
        const call = { kind: 'call', what: { kind: 'name', name, fqFunc: [name.replace(/^\\/, '')], loc: null }, arguments: args, loc: null } as unknown as Node;
        release(m, evalExpr(m, call), false);
      } else {
        for (const s of stmts) {
          const sig = exec(m, s);
          if (sig) {
            if (sig.t === 'return') release(m, sig.v, false);
            break;
          }
        }
      }
    } catch (e) {
      if (e instanceof Thrown) uncaught(m, e);
      else if (!(e instanceof Exit)) throw e;
    }
    try {
      shutdown(m);
    } catch (e) {
      if (e instanceof Thrown) uncaught(m, e);
      else if (!(e instanceof Exit)) throw e;
    }
    return result(0);
  } catch (e) {
    if (e instanceof Unsupported) {
      m.stderr.push(`${opts.file}:${e.line}: unsupported: ${e.message}\n`);
      return result(3, { unsupported: { line: e.line, message: e.message } });
    }
    if (e instanceof Guard) {
      m.stderr.push(`${opts.file}:${e.line}: stopped: ${e.message}\n`);
      return result(4, { guard: `line ${e.line}: ${e.message}` });
    }
    if (e instanceof Fatal) {
      m.stderr.push(`PHP Fatal error:  ${e.message} in ${opts.file} on line ${e.line}\n`);
      return result(0);
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return result(4, { guard: `line ${m.line}: JavaScript stack exhausted (recursion too deep for the simulator)` });
    }
    throw e;
  }
}

export type { Trace, Placeholder };
