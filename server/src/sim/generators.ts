// Generators (zend_generators.c). Calling a function whose body contains `yield` binds its arguments into a frame
// that the Generator object keeps; the body runs only when the generator is first used, up to each `yield`, and the
// frame's variables are freed when it finishes (or the object dies). The body runs on a resumable executor: a JS
// generator per statement that contains a `yield`, delegating every statement and expression without one to the
// ordinary interpreter, so `yield` may stand as a statement, as the right side of an assignment, or as `return`'s
// operand, inside blocks, if/else, loops and try/catch (a finally block also runs when a suspended generator is
// destroyed); anywhere else (inside another expression, a finally block, a switch) it is reported as unsupported.
import type { Node } from '../core/parse.js';
import type { Frame, Machine } from './machine.js';
import type { FuncDef } from './functions.js';
import { isSubclassOf, newClassDef } from './classes.js';
import { addref, release } from './refcount.js';
import { copyOut } from './values.js';
import { toBool } from './convert.js';
import { bin } from './memory.js';
import { chargeMemory, newObject } from './alloc.js';
import { isArray, isObject, type Slot, type ZObject, type Zval } from './zval.js';
import { assignTo, destructure, evalExpr, exec, execBlock, lpathOf, step, unsupported, type Signal } from './interpreter.js';
import { lookupClass, resolveClassName, throwError } from './calls.js';
import { Thrown, Unsupported } from './errors.js';

/** What the body hands out at each `yield` (owned values). */
interface Yielded {
  key: Zval;
  value: Zval;
}

type Body = Generator<Yielded, Signal, Zval>;
type Expr = Generator<Yielded, Zval, Zval>;

export interface GeneratorState {
  frame: Frame;
  /** The running body; null before the first use and after the end. */
  body: Body | null;
  started: boolean;
  finished: boolean;
  running: boolean;
  current: Zval;
  key: Zval;
  /** largest_used_integer_key: auto keys continue from the largest integer key yielded so far. */
  largestKey: number;
  retval: Zval;
  returned: boolean;
  /** The closure a generator closure came from (the generator holds it). */
  closure: ZObject | null;
  /** Bytes of the heap copy of the call frame (freed when the generator finishes; -1 once freed). */
  frameSize: number;
  /** Arguments beyond the declared parameters (kept in the frame). */
  extra: Slot[];
  /** Resumed past its first yield: it can no longer be rewound. */
  moved: boolean;
  /** Being destroyed while suspended: only `finally` blocks run (zend_generator_dtor_storage). */
  closing: boolean;
}

/** sizeof(zend_generator) in Zend MM. Measured on 8.2: `function g() { yield 1; }` -> g() costs 416 bytes with
 * opcache off = 320 + a 96-byte frame (5 header slots + 1 temporary). */
const GENERATOR_SIZE = 320;
/** ZEND_CALL_FRAME_SLOT: the zend_execute_data header in 16-byte slots. */
const FRAME_HEADER_SLOTS = 5;

const yieldCache = new WeakMap<object, boolean>();
const NESTED = new Set(['function', 'closure', 'arrowfunc', 'class', 'interface', 'trait', 'enum']);

/** Whether a node contains `yield` outside nested functions and classes (which makes a function a generator). */
export function containsYield(n: unknown): boolean {
  if (!n || typeof n !== 'object') return false;
  if (Array.isArray(n)) return n.some(containsYield);
  const node = n as Node;
  const cached = yieldCache.get(node);
  if (cached !== undefined) return cached;
  let r = false;
  if (node.kind === 'yield' || node.kind === 'yieldfrom') r = true;
  else if (!NESTED.has(node.kind)) {
    for (const k of Object.keys(node)) {
      if (k === 'loc' || k === 'leadingComments' || k === 'trailingComments') continue;
      if (containsYield(node[k])) {
        r = true;
        break;
      }
    }
  }
  yieldCache.set(node, r);
  return r;
}

// --- the frame's temporaries ----------------------------------------------------------------------------------
// The heap frame holds the CVs and every temporary slot the compiler allocated (op_array.T). Without opcache each
// expression result gets its own slot; opcache's optimizer reuses slots and drops unused results. Measured shapes
// (8.2, opcache off / on): `yield 1` T=1/0; `for ($i = 0; $i < 3; $i++) yield $i;` 4/1; `$c = $a + $b; yield $c;`
// 3/0; `foreach (range(1, $n) as $k => $v) yield $k => $v * 2;` 6/2.

const RESULT_KINDS = new Set([
  'bin', 'unary', 'cast', 'isset', 'empty', 'assign', 'assignref', 'pre', 'post', 'call', 'new', 'propertylookup',
  'nullsafepropertylookup', 'staticlookup', 'offsetlookup', 'yield', 'yieldfrom', 'closure', 'arrowfunc', 'clone',
  'retif', 'match', 'print', 'include', 'silent', 'instanceof', 'list',
]);

function isConstant(n: Node): boolean {
  switch (n.kind) {
    case 'number': case 'string': case 'boolean': case 'nullkeyword': case 'nowdoc': case 'magic':
      return true;
    case 'array':
      return (n.items ?? []).every((i: Node | null) => !i || ((!i.key || isConstant(i.key)) && isConstant(i.value ?? i)));
    case 'entry':
      return (!n.key || isConstant(n.key)) && isConstant(n.value);
    case 'unary':
      return isConstant(n.what);
    case 'bin':
      return isConstant(n.left) && isConstant(n.right);
    default:
      return false;
  }
}

/** Slots of a "...$x..." string: up to two parts one concat result; more, a rope of ceil(parts x 8 / 16) slots
 * plus its result. */
function interpolationSlots(n: Node): number {
  const parts = (n.value ?? []).length;
  return parts <= 2 ? 1 : Math.ceil((parts * 8) / 16) + 1;
}

/** op_array.T without opcache: one slot per expression result the compiler emits. */
function tempsOff(n: unknown): number {
  if (!n || typeof n !== 'object') return 0;
  if (Array.isArray(n)) return n.reduce((t: number, c) => t + tempsOff(c), 0);
  const node = n as Node;
  if (NESTED.has(node.kind) && node.kind !== 'closure' && node.kind !== 'arrowfunc') return 0;
  if (node.kind === 'closure' || node.kind === 'arrowfunc') return 1;
  if (isConstant(node) && node.kind !== 'array') return 0;
  let t = 0;
  switch (node.kind) {
    case 'array':
      if (isConstant(node)) return 0;
      t = 1;
      break;
    case 'encapsed':
      t = interpolationSlots(node);
      break;
    case 'new':
      t = 2; // NEW and the constructor call's (freed) result
      break;
    case 'foreach':
      // FE_RESET's iterator; a key is fetched into a temporary and then assigned.
      t = 1 + (node.key ? 2 : 0) + (node.value && node.value.kind !== 'variable' ? 1 : 0);
      break;
    case 'try':
      t = node.always ? 1 : 0; // FAST_CALL's return slot for the finally block
      break;
    default:
      if (RESULT_KINDS.has(node.kind)) t = 1;
  }
  for (const k of Object.keys(node)) {
    if (k === 'loc' || k === 'kind' || k === 'leadingComments' || k === 'trailingComments') continue;
    // Writes go straight to a variable: its own fetch costs nothing.
    if ((node.kind === 'assign' || node.kind === 'foreach') && (k === 'left' || k === 'value' || k === 'key')) {
      const target = node[k];
      if (target && target.kind !== 'variable') t += tempsOff(target);
      continue;
    }
    if ((node.kind === 'pre' || node.kind === 'post') && k === 'what' && node.what?.kind === 'variable') continue;
    t += tempsOff(node[k]);
  }
  return t;
}

/** op_array.T with opcache: the optimizer reuses slots (zend_optimize_temporary_variables), so T is the most
 * temporaries alive at once; an operand's slot is still taken when its instruction's result is allocated, and the
 * results statements discard are dropped (a YIELD_FROM's is kept). */
function tempsOn(n: unknown, gone: Set<string>): number {
  if (!n || typeof n !== 'object') return 0;
  if (Array.isArray(n)) return n.reduce((t: number, c) => Math.max(t, tempsOn(c, gone)), 0);
  const node = n as Node;
  if (NESTED.has(node.kind)) return 0;
  switch (node.kind) {
    case 'expressionstatement':
      return livePeak(node.expression, node.expression.kind !== 'yieldfrom', gone).peak;
    case 'echo':
    case 'return':
      return Math.max(0, ...(node.expressions ?? [node.expr]).map((e: Node | null) => (e ? livePeak(e, false, gone).peak : 0)));
    case 'foreach': {
      // The iterator lives through the loop; the key and value go straight to their variables.
      const src = livePeak(node.source, false, gone);
      return Math.max(src.peak, src.result + 1, 1 + tempsOn(node.body, gone));
    }
    case 'for':
      return Math.max(0, ...[...node.init, ...node.increment].map((e: Node) => livePeak(e, true, gone).peak), ...node.test.map((e: Node) => livePeak(e, false, gone).peak), tempsOn(node.body, gone));
    case 'if':
    case 'while':
    case 'do':
      return Math.max(livePeak(node.test, false, gone).peak, tempsOn(node.body, gone), tempsOn(node.alternate, gone));
    case 'block':
      return tempsOn(node.children, gone);
    case 'try':
      return Math.max(tempsOn(node.body, gone), ...(node.catches ?? []).map((c: Node) => tempsOn(c.body, gone)), tempsOn(node.always, gone)) + (node.always ? 1 : 0);
  }
  return livePeak(node, true, gone).peak;
}

/** Peak live temporaries while evaluating an expression, and whether its result takes a slot. */
function livePeak(n: Node | null, discarded: boolean, gone: Set<string>): { peak: number; result: number } {
  if (!n || n.kind === 'variable' || isConstant(n) || foldable(n, gone)) return { peak: 0, result: 0 };
  if (NESTED.has(n.kind)) return { peak: 1, result: 1 };
  if (n.kind === 'encapsed') return { peak: interpolationSlots(n), result: 1 };
  const own = discarded ? 0 : RESULT_KINDS.has(n.kind) || n.kind === 'array' ? 1 : 0;
  // `$x = $a + $b` computes straight into $x once optimized.
  if (n.kind === 'assign' && ['bin', 'unary', 'cast'].includes(n.right?.kind)) {
    return { peak: Math.max(livePeak(n.right, true, gone).peak, own), result: own };
  }
  let held = 0;
  let peak = 0;
  for (const c of operandsOf(n)) {
    const x = livePeak(c, false, gone);
    peak = Math.max(peak, held + x.peak);
    held += x.result;
  }
  return { peak: Math.max(peak, held + own), result: own };
}

/** An expression over constants and propagated constant variables: folded at compile time. */
function foldable(n: Node, gone: Set<string>): boolean {
  if (n.kind === 'variable') return gone.has(n.name);
  if (n.kind === 'bin') return foldable(n.left, gone) && foldable(n.right, gone);
  return isConstant(n);
}

function operandsOf(n: Node): Node[] {
  const out: Node[] = [];
  for (const k of Object.keys(n)) {
    if (k === 'loc' || k === 'leadingComments' || k === 'trailingComments') continue;
    const c = n[k];
    if (Array.isArray(c)) out.push(...c.filter((x) => x && typeof x === 'object' && typeof x.kind === 'string'));
    else if (c && typeof c === 'object' && typeof c.kind === 'string') out.push(c);
  }
  return out;
}

/** Variables opcache's constant propagation removes: assigned once, a constant, at statement level, and never
 * written, referenced or captured otherwise (measured: `$x = 1; ... yield $x + $y;` leaves no variable). */
function constantCvs(f: FuncDef): Set<string> {
  const params = new Set(f.params.map((p) => p.name));
  const constAssigned = new Map<string, number>();
  const written = new Set<string>();
  const visit = (n: unknown, top: boolean): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach((c) => visit(c, top));
    const node = n as Node;
    // Values are not propagated into or out of try/catch/finally.
    if (node.kind === 'try') return visit([node.body, node.catches, node.always], false);
    if (!top && node.kind === 'expressionstatement' && node.expression.kind === 'assign' && node.expression.left.kind === 'variable') {
      if (typeof node.expression.left.name === 'string') written.add(node.expression.left.name);
      return visit(node.expression.right, false);
    }
    if (node.kind === 'expressionstatement' && node.expression.kind === 'assign' && node.expression.operator === '='
      && node.expression.left.kind === 'variable' && typeof node.expression.left.name === 'string' && isConstant(node.expression.right)) {
      const name = node.expression.left.name;
      constAssigned.set(name, (constAssigned.get(name) ?? 0) + 1);
      return;
    }
    const target = (t: Node | null | undefined) => {
      if (t?.kind === 'variable' && typeof t.name === 'string') written.add(t.name);
      else if (t) visit(t, false);
    };
    switch (node.kind) {
      case 'assign': case 'assignref':
        target(node.left);
        if (node.left?.kind === 'offsetlookup' || node.left?.kind === 'propertylookup') {
          let b = node.left;
          while (b && (b.kind === 'offsetlookup' || b.kind === 'propertylookup')) b = b.what;
          target(b);
        }
        visit(node.right, false);
        return;
      case 'pre': case 'post': case 'unset':
        target(node.what);
        (node.variables ?? []).forEach(target);
        return;
      case 'foreach':
        visit(node.source, false);
        target(node.key);
        target(node.value);
        visit(node.body, false);
        return;
      case 'closure':
        for (const u of node.uses ?? []) written.add(u.name?.name ?? u.name);
        return;
      case 'global': case 'static': case 'list': case 'byref':
        written.add('*');
        break;
      case 'call':
        if (node.what?.name && /^(compact|extract|get_defined_vars)$/i.test(node.what.name)) written.add('*');
        for (const a of node.arguments ?? []) if (a.byref) target(a);
        break;
    }
    if (node.kind === 'variable' && typeof node.name !== 'string') written.add('*');
    for (const k of Object.keys(node)) if (k !== 'loc') visit(node[k], false);
  };
  visit(f.body ?? [], true);
  const out = new Set<string>();
  if (written.has('*')) return out;
  for (const [name, n] of constAssigned) if (n === 1 && !written.has(name) && !params.has(name)) out.add(name);
  return out;
}

function frameBytes(m: Machine, f: FuncDef, extraArgs: number): number {
  const body = f.body ?? [];
  let cvs = f.cvs.length;
  let t: number;
  if (m.opts.opcache) {
    const gone = constantCvs(f);
    cvs -= gone.size;
    t = tempsOn(body, gone);
  } else t = tempsOff(body);
  return bin(16 * (FRAME_HEADER_SLOTS + cvs + t + extraArgs));
}

// --- the Generator class ----------------------------------------------------------------------------------------

export function installGenerator(m: Machine): void {
  const traversable = m.classes.get('traversable')!;
  const iterator = newClassDef('Iterator', null);
  iterator.internal = true;
  iterator.isInterface = true;
  iterator.interfaces.push(traversable);
  m.classes.set('iterator', iterator);
  const cls = newClassDef('Generator', null);
  cls.internal = true;
  cls.instanceSize = GENERATOR_SIZE;
  cls.interfaces.push(iterator);
  // zend_generator_dtor_storage closes the frame: an unfinished generator's variables die there.
  cls.dtorObj = (mm, o) => closeFrame(mm, generatorOf(o));
  m.classes.set('generator', cls);
  const method = (name: string, impl: (m: Machine, g: GeneratorState, o: ZObject, args: Slot[]) => Zval) => {
    cls.methods.set(name.toLowerCase(), {
      name, kind: 'method', params: [], body: null, expr: null, isStatic: false, byRefReturn: false, cls,
      visibility: 'public', isAbstract: false, cvs: [], statics: null, returnType: null, node: null, line: 0,
      native: (c) => impl(c.m, c.thisObj!.internal.generator, c.thisObj!, c.args),
    });
  };
  method('current', (m, g) => {
    ensureStarted(m, g);
    return g.finished ? null : copyOut(g.current);
  });
  method('key', (m, g) => {
    ensureStarted(m, g);
    return g.finished ? null : copyOut(g.key);
  });
  method('next', (m, g) => {
    ensureStarted(m, g);
    resume(m, g, null);
    return null;
  });
  method('send', (m, g, _o, args) => {
    const v = copyOut(args[0]);
    // A fresh generator first runs to its first yield, which then receives the value.
    ensureStarted(m, g);
    resume(m, g, v);
    return g.finished ? null : copyOut(g.current);
  });
  method('valid', (m, g) => {
    ensureStarted(m, g);
    return !g.finished;
  });
  method('rewind', (m, g) => {
    ensureStarted(m, g);
    if (g.moved) throwError(m, 'Exception', 'Cannot rewind a generator that was already run');
    return null;
  });
  method('getReturn', (m, g) => {
    if (!g.returned) throwError(m, 'Exception', "Cannot get return value of a generator that hasn't returned");
    return copyOut(g.retval);
  });
  // The exception is thrown where the generator stopped (as if its yield were `throw $e`); a finished generator
  // throws it in the caller.
  method('throw', (m, g, _o, args) => {
    const e = copyOut(args[0]);
    if (!isObject(e)) {
      release(m, e, false);
      throw new Unsupported(m.line, 'Generator::throw() of a non-object');
    }
    ensureStarted(m, g);
    if (g.finished || !g.body) throw new Thrown(e);
    resume(m, g, null, false, new Thrown(e));
    return g.finished ? null : copyOut(g.current);
  });
}

export interface GeneratorObject extends ZObject {
  internal: { generator: GeneratorState };
}

export function isGeneratorObject(v: unknown): v is GeneratorObject {
  return isObject(v) && !!v.internal?.generator;
}

export function generatorOf(o: ZObject): GeneratorState {
  return o.internal.generator;
}

/** ZEND_GENERATOR_CREATE: the frame (arguments already bound) moves to the heap and the function returns at once. */
export function createGenerator(m: Machine, f: FuncDef, frame: Frame, extraArgs: Slot[], closure: ZObject | null, extraSlots: number): ZObject {
  const frameSize = frameBytes(m, f, extraSlots);
  const o = newObject(m, m.classes.get('generator')!, 0);
  // The frame is charged apart from the object: it is freed when the body ends, the object later.
  chargeMemory(m, frameSize);
  if (frame.thisObj) addref(frame.thisObj);
  if (closure) addref(closure);
  const g: GeneratorState = {
    frame, body: null, started: false, finished: false, running: false, current: null, key: null, largestKey: -1,
    retval: null, returned: false, closure, frameSize, extra: extraArgs, moved: false, closing: false,
  };
  o.internal = {
    generator: g,
    // zend_generator_get_gc: value, key and return value, then (while the frame lives) its variables, extra
    // arguments, $this and the closure; nothing while the generator runs.
    gcChildren: () => (g.running ? [] : [g.current, g.key, g.retval, ...g.frame.vars.values(), ...g.extra, g.frame.thisObj, g.closure]),
    free: (mm: Machine) => {
      closeFrame(mm, g);
      release(mm, g.current, true);
      release(mm, g.key, true);
      release(mm, g.retval, true);
      g.current = g.key = g.retval = null;
    },
  };
  return o;
}

/** zend_generator_close: the frame's variables (in CV order), extra arguments, $this and the closure go, and so
 * does the frame's memory. */
function closeFrame(m: Machine, g: GeneratorState): void {
  if (g.frameSize < 0) return;
  const body = g.body;
  if (body && g.started && !g.finished && !g.running) {
    // Suspended inside try/finally: the finally blocks run now, innermost first, in the generator's frame.
    g.closing = true;
    g.running = true;
    m.frames.push(g.frame);
    try {
      body.return(undefined);
    } finally {
      m.frames.pop();
      g.running = false;
      g.finished = true;
    }
  }
  const size = g.frameSize;
  g.frameSize = -1;
  g.body = null;
  for (const s of g.frame.vars.values()) release(m, s, true);
  g.frame.vars.clear();
  for (const s of g.extra) release(m, s, true);
  g.extra = [];
  const thisObj = g.frame.thisObj;
  const closure = g.closure;
  g.frame.thisObj = null;
  g.closure = null;
  if (thisObj) release(m, thisObj, true);
  if (closure) release(m, closure, true);
  m.memory -= size;
}

function ensureStarted(m: Machine, g: GeneratorState): void {
  if (g.started) return;
  g.started = true;
  g.body = runBody(m, g);
  resume(m, g, null, true);
}

/** Run the body to its next yield (or its end), delivering `sent` as the value of the yield it stopped at. */
function resume(m: Machine, g: GeneratorState, sent: Zval, first = false, thrown: Thrown | null = null): void {
  if (!first) g.moved = true;
  if (g.finished || !g.body) {
    release(m, sent, false);
    return;
  }
  if (g.running) {
    release(m, sent, false);
    throwError(m, 'Error', 'Cannot resume an already running generator');
  }
  const body = g.body;
  g.running = true;
  // Resumed by foreach from PHP code, or by a built-in (a Generator method, iterator_to_array): the stack trace
  // shows "[internal function]" and that built-in.
  const native = m.nativeCall;
  g.frame.callLine = native ? -1 : m.line;
  g.frame.internalCaller = native;
  const callerLine = m.line;
  m.frames.push(g.frame);
  m.nativeCall = null;
  let r: IteratorResult<Yielded, Signal>;
  try {
    r = thrown ? body.throw(thrown) : body.next(sent);
  } catch (e) {
    g.finished = true;
    m.frames.pop();
    m.nativeCall = native;
    g.running = false;
    m.line = callerLine;
    closeFrame(m, g);
    throw e;
  }
  m.frames.pop();
  m.nativeCall = native;
  g.running = false;
  m.line = callerLine;
  // The last yielded value and key stay with the object until the next yield replaces them (ZEND_YIELD) or the
  // object dies, even after the body has returned.
  if (r.done) {
    g.finished = true;
    const sig = r.value;
    if (sig && sig.t === 'return') {
      g.retval = sig.v;
    }
    g.returned = true;
    closeFrame(m, g);
    return;
  }
  dropCurrent(m, g);
  g.current = r.value.value;
  g.key = r.value.key;
}

function dropCurrent(m: Machine, g: GeneratorState): void {
  release(m, g.current, true);
  release(m, g.key, true);
  g.current = null;
  g.key = null;
}

function* runBody(m: Machine, g: GeneratorState): Body {
  const f = g.frame.func!;
  return yield* blockG(m, g, f.body ?? []);
}

function* blockG(m: Machine, g: GeneratorState, stmts: Node[]): Body {
  for (const s of stmts) {
    const sig = yield* execG(m, g, s);
    if (sig) return sig;
  }
  return undefined;
}

function bodyOf(n: Node | null | undefined): Node[] {
  if (!n) return [];
  return n.kind === 'block' ? n.children : [n];
}

function loopSignal(sig: Signal): 'break' | 'continue' | Signal {
  if (!sig) return undefined;
  if (sig.t === 'return') return sig;
  if (sig.n > 1) return { t: sig.t, n: sig.n - 1 };
  return sig.t;
}

function test(m: Machine, n: Node): boolean {
  if (containsYield(n)) unsupported(n, 'yield inside a condition');
  const c = evalExpr(m, n);
  const t = toBool(c);
  release(m, c, false);
  return t;
}

function* execG(m: Machine, g: GeneratorState, s: Node): Body {
  if (!containsYield(s)) return exec(m, s);
  switch (s.kind) {
    case 'expressionstatement':
      step(m, s);
      release(m, yield* exprG(m, g, s.expression), false);
      return undefined;
    case 'block':
      return yield* blockG(m, g, s.children);
    case 'if':
      step(m, s);
      if (test(m, s.test)) return yield* blockG(m, g, bodyOf(s.body));
      if (s.alternate) return s.alternate.kind === 'if' ? yield* execG(m, g, s.alternate) : yield* blockG(m, g, bodyOf(s.alternate));
      return undefined;
    case 'while':
      for (;;) {
        step(m, s);
        if (!test(m, s.test)) return undefined;
        const r = loopSignal(yield* blockG(m, g, bodyOf(s.body)));
        if (r === 'break') return undefined;
        if (r && r !== 'continue') return r;
      }
    case 'do':
      for (;;) {
        step(m, s);
        const r = loopSignal(yield* blockG(m, g, bodyOf(s.body)));
        if (r === 'break') return undefined;
        if (r && r !== 'continue') return r;
        if (!test(m, s.test)) return undefined;
      }
    case 'for': {
      step(m, s);
      if (containsYield([s.init, s.increment])) unsupported(s, 'yield inside a for header');
      for (const e of s.init) release(m, evalExpr(m, e), false);
      for (;;) {
        let ok = true;
        for (let i = 0; i < s.test.length; i++) {
          const t = test(m, s.test[i]);
          if (i === s.test.length - 1) ok = t;
        }
        if (!ok) return undefined;
        const r = loopSignal(yield* blockG(m, g, bodyOf(s.body)));
        if (r === 'break') return undefined;
        if (r && r !== 'continue') return r;
        step(m, s);
        for (const e of s.increment) release(m, evalExpr(m, e), false);
      }
    }
    case 'foreach':
      step(m, s);
      return yield* foreachG(m, g, s);
    case 'return': {
      step(m, s);
      return { t: 'return', v: yield* exprG(m, g, s.expr) };
    }
    case 'try':
      return yield* tryG(m, g, s);
    default:
      unsupported(s, `yield inside ${s.kind}`);
  }
}

/** try/catch/finally around yields, as the interpreter's execTry; when the generator is destroyed while suspended
 * in the try or a catch, its finally block still runs (without being able to yield). */
function* tryG(m: Machine, g: GeneratorState, s: Node): Body {
  if (containsYield(s.always)) unsupported(s.always, 'yield inside finally');
  let finallyDone = !s.always;
  const runFinally = (): Signal => {
    finallyDone = true;
    return execBlock(m, bodyOf(s.always));
  };
  try {
    let sig: Signal;
    try {
      sig = yield* blockG(m, g, bodyOf(s.body));
    } catch (e) {
      if (!(e instanceof Thrown)) throw e;
      const c = (s.catches as Node[]).find((c) => c.what.some((w: Node) => {
        const cls = lookupClass(m, resolveClassName(m, w), false);
        return cls ? isSubclassOf(e.obj.cls, cls) : false;
      }));
      if (!c) {
        if (s.always) {
          const fs = runFinally();
          if (fs) {
            release(m, e.obj, true);
            return fs;
          }
        }
        throw e;
      }
      try {
        if (c.variable) assignTo(m, { k: 'var', name: c.variable.name, node: c.variable } as Parameters<typeof assignTo>[1], e.obj);
        else release(m, e.obj, true);
        sig = yield* blockG(m, g, bodyOf(c.body));
      } catch (e2) {
        if (s.always && e2 instanceof Thrown) {
          const fs = runFinally();
          if (fs) {
            release(m, e2.obj, true);
            return fs;
          }
        }
        throw e2;
      }
    }
    if (s.always) {
      const fs = runFinally();
      if (fs) {
        if (sig && sig.t === 'return') release(m, sig.v, false);
        return fs;
      }
    }
    return sig;
  } finally {
    if (g.closing && !finallyDone) runFinally();
  }
}

function* foreachG(m: Machine, g: GeneratorState, s: Node): Body {
  if (s.value?.byref) unsupported(s, 'foreach by reference in a generator');
  if (containsYield(s.source)) unsupported(s, 'yield inside a foreach source');
  const src = evalExpr(m, s.source);
  try {
    const iteration = function* (v: Zval, k: Zval): Generator<Yielded, 'break' | Signal, Zval> {
      if (s.value.kind === 'list' || s.value.kind === 'array') {
        destructure(m, s.value, v);
        release(m, v, false);
      } else assignTo(m, lpathOf(m, s.value), v);
      if (s.key) assignTo(m, lpathOf(m, s.key), k);
      else release(m, k, false);
      const r = loopSignal(yield* blockG(m, g, bodyOf(s.body)));
      if (r === 'break') return 'break';
      if (r && r !== 'continue') return r;
      step(m, s);
      return undefined;
    };
    if (isArray(src)) {
      for (const [k, slot] of [...src.ht.entries()]) {
        const r = yield* iteration(copyOut(slot), k);
        if (r === 'break') break;
        if (r) return r;
      }
      return undefined;
    }
    if (isGeneratorObject(src)) {
      const inner = generatorOf(src);
      const it = openIterator(m, src, false);
      try {
        for (rewind(m, inner); !inner.finished; resume(m, inner, null)) {
          const r = yield* iteration(copyOut(inner.current), copyOut(inner.key));
          if (r === 'break') break;
          if (r) return r;
        }
      } finally {
        release(m, it, false);
      }
      return undefined;
    }
    if (isObject(src) && src.internal?.iterate) {
      for (const [k, v] of src.internal.iterate() as [Zval, Zval][]) {
        addref(v);
        addref(k);
        const r = yield* iteration(v, k);
        if (r === 'break') break;
        if (r) return r;
      }
      return undefined;
    }
    unsupported(s, 'foreach over this value in a generator');
  } finally {
    release(m, src, false);
  }
}

function* exprG(m: Machine, g: GeneratorState, n: Node | null): Expr {
  if (!n) return null;
  if (!containsYield(n)) return evalExpr(m, n);
  switch (n.kind) {
    case 'yield': {
      const value = n.value ? evalExpr(m, n.value) : null;
      let key: Zval;
      if (n.key) {
        key = evalExpr(m, n.key);
        if (typeof key === 'number' && key > g.largestKey) g.largestKey = key;
      } else key = ++g.largestKey;
      return yield { key, value };
    }
    case 'yieldfrom':
      return yield* yieldFrom(m, evalExpr(m, n.value));
    case 'assign':
      if (n.operator === '=' && !containsYield(n.left)) {
        const p = lpathOf(m, n.left);
        const v = yield* exprG(m, g, n.right);
        addref(v);
        assignTo(m, p, v);
        return v;
      }
      break;
    case 'parenthesis':
      return yield* exprG(m, g, n.inner);
  }
  unsupported(n, `yield inside ${n.kind}`);
}

/** `yield from`: an array's entries with their own keys, or another generator's values until it returns (its
 * return value is the result); values sent in are passed on. */
function* yieldFrom(m: Machine, src: Zval): Expr {
  try {
    if (isArray(src)) {
      for (const [k, slot] of [...src.ht.entries()]) {
        release(m, yield { key: k, value: copyOut(slot) }, false);
      }
      return null;
    }
    if (isGeneratorObject(src)) {
      const inner = generatorOf(src);
      if (inner.running) throwError(m, 'Error', 'Impossible to yield from the Generator being currently run');
      ensureStarted(m, inner);
      while (!inner.finished) {
        const sent = yield { key: copyOut(inner.key), value: copyOut(inner.current) };
        resume(m, inner, sent);
      }
      return copyOut(inner.retval);
    }
    if (isObject(src) && src.internal?.iterate) {
      for (const [k, v] of src.internal.iterate() as [Zval, Zval][]) {
        addref(v);
        addref(k);
        release(m, yield { key: k, value: v }, false);
      }
      return null;
    }
    return throwError(m, 'Error', 'Can use "yield from" only with arrays and Traversables');
  } finally {
    release(m, src, false);
  }
}

/** foreach's rewind: a fresh generator starts; one already finished cannot be traversed again, one that moved
 * past its first yield cannot be rewound. */
export function rewind(m: Machine, g: GeneratorState): void {
  if (g.moved && g.finished) throwError(m, 'Exception', 'Cannot traverse an already closed generator');
  ensureStarted(m, g);
  if (g.moved) throwError(m, 'Exception', 'Cannot rewind a generator that was already run');
}

/** zend_generator_get_iterator: foreach and iterator_to_array walk a generator through an iterator object of
 * its own (an object handle, 96 bytes measured on 8.2) that holds the generator and lets it go first when freed. */
export function openIterator(m: Machine, gen: ZObject, takeReference: boolean): ZObject {
  let cls = m.classes.get('\0iterator');
  if (!cls) {
    cls = newClassDef('InternalIterator', null);
    cls.internal = true;
    cls.instanceSize = ITERATOR_SIZE;
    m.classes.set('\0iterator', cls);
  }
  if (!takeReference) addref(gen);
  const it = newObject(m, cls, 0);
  it.internal = { gcChildren: () => [gen], free: (mm: Machine) => release(mm, gen, true) };
  return it;
}

const ITERATOR_SIZE = 96;

/** Move a generator to its next value (Generator::next, foreach's step). */
export function resumeGenerator(m: Machine, g: GeneratorState): void {
  resume(m, g, null);
}

/** Iterate a generator for a built-in (iterator_to_array): [key, value] pairs, owned. */
export function* generatorEntries(m: Machine, o: ZObject): Generator<[Zval, Zval]> {
  const g = generatorOf(o);
  const it = openIterator(m, o, false);
  try {
    for (rewind(m, g); !g.finished; resume(m, g, null)) yield [copyOut(g.key), copyOut(g.current)];
  } finally {
    release(m, it, false);
  }
}
