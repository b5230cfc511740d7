// Where PHP code runs for the whole life of a process: long-running loops in the code itself, and the entry points
// that frameworks call again and again from their own loop (Swoole server callbacks, RoadRunner worker loops, Laravel
// Octane, ReactPHP/Amp event-loop callbacks, Symfony Messenger handlers, Laravel queue jobs, php-rdkafka consume
// loops). Each is recognised by the framework's real API names, not by guesses from variable names.
import { perText } from './perText';
import type { Node } from './parse';
import type { Settings } from '../config';
import type { Span, Unit } from '../rules/types';
import { walk, span, FUNCTION_LIKE } from './walk';
import { isLongRunningLoop, invokedName } from './loops';
import { nodesOfKinds } from './modelIndex';
import { nameTable } from './nameTable';

export type Framework =
  | 'loop' | 'rdkafka' | 'roadrunner' | 'swoole' | 'reactphp' | 'amp' | 'octane' | 'messenger' | 'laravelQueue';

export interface WorkerContext {
  framework: Framework;
  /** 'loop': the code's own loop serves one message per iteration. 'callback': the framework's loop calls it. */
  kind: 'loop' | 'callback';
  /** The loop statement, or the function / closure / method the framework calls. */
  node: Node;
  /** What runs once per message, request or tick. */
  body: Node;
  /** Where the lens and loop-level findings go: the loop header, the registering call, or the method name. */
  head: Span;
  /** In the user's words: "Swoole 'request' callback", "RoadRunner worker loop". */
  label: string;
  /** Event-loop or coroutine code: concurrent tasks share one thread, so a blocking call stalls all of them. */
  concurrent: boolean;
  /** What one run of `body` handles: "message", "request", "tick". */
  unitOfWork: string;
}

const LOOPS = new Set(['while', 'do', 'for', 'foreach']);

/** Swoole / OpenSwoole server events that fire once per request, packet or message (not once per worker). */
const SERVER_EVENTS = nameTable<string>({
  request: 'request', receive: 'packet', message: 'message', packet: 'packet', task: 'task',
});
/** ReactPHP event-emitter events that carry connections and data. */
const REACT_EVENTS = nameTable<string>({ connection: 'connection', data: 'chunk', request: 'request', message: 'message' });

const REACT_LOOP_METHODS = nameTable<string>({
  addperiodictimer: 'periodic timer', addtimer: 'timer', futuretick: 'future tick', addreadstream: 'read-stream callback',
  addwritestream: 'write-stream callback', addsignal: 'signal handler',
});
/** Revolt (Amp v3) `EventLoop::` and Amp v2 `Loop::` callbacks. */
const AMP_LOOP_METHODS = nameTable<string>({
  repeat: 'repeat timer', delay: 'delayed callback', defer: 'deferred callback', queue: 'queued callback',
  onreadable: 'readable callback', onwritable: 'writable callback', onsignal: 'signal handler',
});

const ROADRUNNER_WAITS = new Set(['waitrequest', 'waitpayload', 'waittask']);

/** Laravel Octane events delivered once per request, task or tick. */
const OCTANE_EVENTS = new Set(['requestreceived', 'requesthandled', 'requestterminated', 'taskreceived', 'tickreceived']);

const METHOD_LOOKUPS: ReadonlySet<string> = new Set(['propertylookup', 'nullsafepropertylookup', 'staticlookup']);

/** Lower-cased method name of `$a->m()`, `$a?->m()`, `A::m()`; null otherwise. */
export function methodName(call: Node): string | null {
  const what = call.what;
  if (!what || !METHOD_LOOKUPS.has(what.kind)) return null;
  return what.offset?.kind === 'identifier' ? String(what.offset.name).toLowerCase() : null;
}

/** Last segment of a class name node (`\React\EventLoop\Loop` -> "loop"), lower-cased. */
export function className(node: Node | null | undefined): string | null {
  if (!node || node.kind !== 'name') return null;
  return String(node.name).replace(/^.*\\/, '').toLowerCase();
}

/** Full lower-cased name of a called function as written (`\Swoole\Coroutine\run`). */
function writtenFunction(call: Node): string | null {
  return call.what?.kind === 'name' ? String(call.what.name).replace(/^\\/, '').toLowerCase() : null;
}

function isFunctionNode(n: Node | null | undefined): boolean {
  return !!n && FUNCTION_LIKE.has(n.kind);
}

/** Which libraries a file talks to, from its text (use statements and fully qualified names). */
interface FileHints { react: boolean; amp: boolean; swoole: boolean; kafka: boolean; }

export const fileHints = perText((text): FileHints => ({
  react: /\bReact\\/.test(text),
  amp: /\b(Amp|Revolt)\\/.test(text),
  swoole: /\b(Open)?Swoole\\|\bCo\\run\b|\bSWOOLE_/.test(text),
  kafka: /\bRdKafka\\|KafkaConsumer\b/.test(text),
}));

/** Where the header of a loop is: `while (true)`, `for (;;)`, `foreach ($x as $y)`; for `do ... while (c);` the
 * trailing `while (c)`. */
export function loopHead(loop: Node, text: string): Span {
  const start = loop.loc!.start.offset;
  const bodyStart = loop.body?.loc?.start.offset ?? loop.loc!.end.offset;
  if (loop.kind === 'do') {
    const from = loop.body?.loc?.end.offset ?? start;
    const rest = span(loop, text);
    const at = text.indexOf('while', from);
    return at >= 0 && at < rest.end ? { start: at, end: rest.end } : { start, end: start + 2 };
  }
  let end = bodyStart;
  while (end > start && /[\s:{]/.test(text[end - 1])) end--;
  return { start, end };
}

/** Calls (function and method) in a node, not entering nested functions or classes. */
export function callsIn(node: Node | null | undefined, visit: (call: Node) => void): void {
  if (!node) return;
  walk(node, (n) => {
    if (n !== node && (isFunctionNode(n) || n.kind === 'class')) return false;
    if (n.kind === 'call') visit(n);
  });
}

function loopFramework(loop: Node, text: string): { framework: Framework; label: string; unitOfWork: string } {
  const found = { framework: 'loop' as Framework };
  const scan = (n: Node) => callsIn(n, (call) => {
    const m = methodName(call);
    if (m && ROADRUNNER_WAITS.has(m)) found.framework = 'roadrunner';
    else if (m === 'consume' && found.framework === 'loop' && fileHints(text).kafka) found.framework = 'rdkafka';
  });
  scan(loop.test ?? null);
  scan(loop.body);
  if (found.framework === 'roadrunner') return { framework: 'roadrunner', label: 'RoadRunner worker loop', unitOfWork: 'request' };
  if (found.framework === 'rdkafka') return { framework: 'rdkafka', label: 'php-rdkafka consume loop', unitOfWork: 'message' };
  return { framework: 'loop', label: 'long-running loop', unitOfWork: 'iteration' };
}

/** A RoadRunner loop: `while ($req = $worker->waitRequest())`. Its condition is not constant, but it only ends when
 * RoadRunner stops the worker. */
function isRoadRunnerLoop(loop: Node): boolean {
  let found = false;
  callsIn(loop.test ?? null, (call) => { if (ROADRUNNER_WAITS.has(methodName(call) ?? '')) found = true; });
  return found;
}

/** Calls that block until the next message, request or job arrives. Narrower than loops.ts's list, which also has
 * `pop()`, `wait()` and `getMessage()`: those are as often a stack, a child process or an exception. */
export const TAKES_WORK: ReadonlySet<string> = new Set(['consume', 'receive', 'accept', 'waitformessage', 'waitrequest', 'waitpayload', 'waittask',
  'socket_accept', 'stream_socket_accept', 'brpop', 'blpop', 'brpoplpush', 'xread', 'xreadgroup', 'basic_consume',
  'reserve', 'receivemessage', 'getnextjob', 'pcntl_sigwaitinfo']);

/** Whether a loop takes its work from a queue, a socket or a broker (in its condition or body). */
export function takesWork(loop: Node, extraLoopCalls: string[] = []): boolean {
  const names = new Set([...TAKES_WORK, ...extraLoopCalls.map((x) => x.replace(/^.*(::|->|\\)/, '').replace(/\(\)$/, '').toLowerCase())]);
  let found = false;
  const test = Array.isArray(loop.test) ? null : loop.test;
  for (const part of [test, loop.body]) callsIn(part, (call) => { if (names.has(invokedName(call) ?? '')) found = true; });
  return found;
}

/** Whether anything in a loop body can end it: break, return, exit, throw, `continue 2`. */
export function canExit(loop: Node): boolean {
  let found = false;
  walk(loop.body, (n) => {
    if (found || isFunctionNode(n) || n.kind === 'class') return false;
    if (n.kind === 'break' || n.kind === 'return' || n.kind === 'exit' || n.kind === 'throw') found = true;
    if (n.kind === 'continue' && Number(n.level?.value ?? 1) > 1) found = true;
  });
  return found;
}

/** Loops that serve work for the life of the process: a RoadRunner loop, a loop around a call that takes work, or
 * a constant-true loop that nothing in it ever ends. A `while (true)` search or retry loop with a `break` or
 * `return`, or `while (!$stack->isEmpty())`, is long-running in name only. */
export function isWorkerLoop(loop: Node, extraLoopCalls: string[] = []): boolean {
  if (isRoadRunnerLoop(loop) || takesWork(loop, extraLoopCalls)) return true;
  const tests: Node[] = Array.isArray(loop.test) ? loop.test : loop.test ? [loop.test] : [];
  const constant = tests.every((t) => (t.kind === 'boolean' && t.value === true) || (t.kind === 'number' && Number(t.value) !== 0) ||
    ((t.kind === 'constref' || t.kind === 'name') && /^true$/i.test(String(t.name?.name ?? t.name))));
  return constant && !canExit(loop);
}

interface Site { head: Node; callback: Node | null; }

/** The callable argument of a registering call, resolved within the unit: a closure, `[$this, 'm']`,
 * `[self::class, 'm']`, `'functionName'`, or a first-class callable `$this->m(...)`. */
function resolveCallable(arg: Node | null | undefined, declared: Map<string, Node>): Node | null {
  if (!arg) return null;
  if (arg.kind === 'closure' || arg.kind === 'arrowfunc') return arg;
  if (arg.kind === 'array' && arg.items?.length === 2) {
    const method = arg.items[1]?.value ?? arg.items[1];
    if (method?.kind === 'string') return declared.get(String(method.value).toLowerCase()) ?? null;
  }
  if (arg.kind === 'string') return declared.get(String(arg.value).toLowerCase()) ?? null;
  if (arg.kind === 'call' && arg.arguments?.some((a: Node) => a.kind === 'variadicplaceholder')) {
    const m = methodName(arg) ?? (arg.what?.kind === 'name' ? String(arg.what.name).toLowerCase() : null);
    return m ? declared.get(m) ?? null : null;
  }
  return null;
}

function lastCallable(args: Node[], declared: Map<string, Node>): Node | null {
  for (let i = args.length - 1; i >= 0; i--) {
    const fn = resolveCallable(args[i], declared);
    if (fn) return fn;
  }
  return null;
}

function attributeNames(n: Node): string[] {
  return (n.attrGroups ?? []).flatMap((g: Node) => (g.attrs ?? []).map((a: Node) => String(a.name).replace(/^.*\\/, '').toLowerCase()));
}

function implementsAny(cls: Node, names: string[]): boolean {
  return (cls.implements ?? []).some((i: Node) => names.includes(className(i) ?? ''));
}

function methodsOf(cls: Node): Node[] {
  return (cls.body ?? []).filter((m: Node) => m.kind === 'method');
}

function nameSpan(fn: Node): Span {
  return fn.name?.loc ? span(fn.name) : { start: fn.loc!.start.offset, end: fn.loc!.start.offset };
}

/** Handler methods of long-lived service classes the framework calls once per message or request. */
function classContexts(cls: Node, out: WorkerContext[]): void {
  const methods = methodsOf(cls);
  const byName = (name: string) => methods.find((m) => String(m.name?.name).toLowerCase() === name);
  const add = (fn: Node | undefined, framework: Framework, label: string, unitOfWork: string, concurrent = false) => {
    if (fn?.body) out.push({ framework, kind: 'callback', node: fn, body: fn.body, head: nameSpan(fn), label, concurrent, unitOfWork });
  };
  const handlerAttr = (cls.attrGroups ?? []).flatMap((g: Node) => g.attrs ?? []).find((a: Node) => /(^|\\)AsMessageHandler$/.test(String(a.name)));
  if (handlerAttr) {
    const named = (handlerAttr.args ?? []).find((a: Node) => a.kind === 'namedargument' && a.name === 'method');
    const method = named?.value?.kind === 'string' ? String(named.value.value).toLowerCase() : '__invoke';
    add(byName(method), 'messenger', 'Symfony Messenger handler', 'message');
  } else if (implementsAny(cls, ['messagehandlerinterface'])) {
    add(byName('__invoke'), 'messenger', 'Symfony Messenger handler', 'message');
  }
  for (const m of methods) {
    if (attributeNames(m).includes('asmessagehandler')) add(m, 'messenger', 'Symfony Messenger handler', 'message');
  }
  if (implementsAny(cls, ['shouldqueue'])) add(byName('handle'), 'laravelQueue', 'Laravel queue job', 'job');
  if (implementsAny(cls, ['requesthandler'])) add(byName('handlerequest'), 'amp', 'Amp HTTP request handler', 'request', true);
  for (const m of methods) {
    const octane = (m.arguments ?? []).some((p: Node) => OCTANE_EVENTS.has(className(p.type) ?? ''));
    if (octane) add(m, 'octane', 'Laravel Octane listener', 'request');
  }
}

const SITE_KINDS = ['method', 'function', 'class', 'call', 'new', ...LOOPS];

/** Every long-running context in a unit, outermost first. */
export function findWorkerContexts(nodes: Node[], text: string, settings: Settings): WorkerContext[] {
  const out: WorkerContext[] = [];
  const declared = new Map<string, Node>();
  // From the unit's index (the rules' one walk): the places that can start a context, in source order, and the
  // named functions a callback may name.
  const sites: Node[] = [];
  for (const { node: n } of nodesOfKinds(nodes, SITE_KINDS)) {
    if ((n.kind === 'method' || n.kind === 'function') && n.name) declared.set(String(n.name.name ?? n.name).toLowerCase(), n);
    else sites.push(n);
  }
  const addCallback = (site: Site, framework: Framework, label: string, unitOfWork: string, concurrent: boolean) => {
    const fn = site.callback;
    if (!fn) return;
    const body = fn.body;
    if (!body) return;
    const headNode = site.head;
    out.push({ framework, kind: 'callback', node: fn, body, head: span(headNode, text), label, concurrent, unitOfWork });
  };
  for (const n of sites) {
    if (n.kind === 'class') classContexts(n, out);
    if (LOOPS.has(n.kind) && (isRoadRunnerLoop(n) || isLongRunningLoop(n, settings)) && isWorkerLoop(n, settings.longRunning.extraLoopCalls)) {
      const { framework, label, unitOfWork } = loopFramework(n, text);
      out.push({ framework, kind: 'loop', node: n, body: n.body, head: loopHead(n, text), label, concurrent: false, unitOfWork });
    }
    if (n.kind === 'call') callContexts(n, text, declared, addCallback);
    if (n.kind === 'new') newContexts(n, declared, addCallback);
  }
  return out;
}

type AddCallback = (site: Site, framework: Framework, label: string, unitOfWork: string, concurrent: boolean) => void;

// What the file talks to is read from its text only when a call could be a site that depends on it: most units have
// calls and no such site, and reading every file's text for it was a fifth of finding the contexts on WordPress.
function callContexts(call: Node, text: string, declared: Map<string, Node>, add: AddCallback): void {
  const args: Node[] = call.arguments ?? [];
  const method = methodName(call);
  const head = call.what;
  if (method === 'on' && args[0]?.kind === 'string') {
    const event = String(args[0].value).toLowerCase();
    const fn = resolveCallable(args[1], declared);
    const hints = fileHints(text);
    if (hints.react && !hints.swoole && REACT_EVENTS[event]) {
      add({ head, callback: fn }, 'reactphp', `ReactPHP '${event}' listener`, REACT_EVENTS[event], true);
    } else if (SERVER_EVENTS[event] && !hints.react) {
      add({ head, callback: fn }, 'swoole', `Swoole '${event}' callback`, SERVER_EVENTS[event], true);
    }
    return;
  }
  if (method && call.what.kind === 'staticlookup') {
    const cls = className(call.what.what);
    if (cls === 'octane' && (method === 'tick' || method === 'concurrently')) {
      const fns = method === 'tick' ? [resolveCallable(args[1], declared)] :
        (args[0]?.kind === 'array' ? args[0].items.map((i: Node) => resolveCallable(i?.value ?? i, declared)) : []);
      for (const fn of fns) add({ head, callback: fn }, 'octane', method === 'tick' ? 'Octane tick' : 'Octane concurrent task', method === 'tick' ? 'tick' : 'task', false);
      return;
    }
    if ((cls === 'coroutine' || cls === 'co') && method === 'create') {
      add({ head, callback: resolveCallable(args[0], declared) }, 'swoole', 'Swoole coroutine', 'task', true);
      return;
    }
    if (cls === 'eventloop' || (cls === 'loop' && AMP_LOOP_METHODS[method] && !fileHints(text).react)) {
      if (AMP_LOOP_METHODS[method]) add({ head, callback: lastCallable(args, declared) }, 'amp', `Amp ${AMP_LOOP_METHODS[method]}`, 'tick', true);
      return;
    }
  }
  if (method && REACT_LOOP_METHODS[method]) {
    add({ head, callback: lastCallable(args, declared) }, 'reactphp', `ReactPHP ${REACT_LOOP_METHODS[method]}`, 'tick', true);
    return;
  }
  const fn = writtenFunction(call);
  // Only a name ending in async or run, or go, starts a task: the other calls are read no further.
  if (!fn || !(fn.endsWith('async') || fn.endsWith('run') || fn === 'go')) return;
  const last = fn.replace(/^.*\\/, '');
  const hints = last === 'async' ? fileHints(text) : null;
  if (fn === 'amp\\async' || fn === 'react\\async\\async' || (hints && (hints.amp || hints.react))) {
    const framework: Framework = fn.startsWith('react') || (!fn.startsWith('amp') && hints?.react && !hints.amp) ? 'reactphp' : 'amp';
    add({ head, callback: resolveCallable(args[0], declared) }, framework, framework === 'amp' ? 'Amp async task' : 'ReactPHP async task', 'task', true);
  } else if (fn === 'go' || fn === 'co\\run' || fn === 'swoole\\coroutine\\run' || fn === 'openswoole\\coroutine\\run' || (last === 'run' && /coroutine\\run$/.test(fn))) {
    add({ head, callback: resolveCallable(args[0], declared) }, 'swoole', 'Swoole coroutine', 'task', true);
  }
}

/** Request handlers passed to a server's constructor: ReactPHP's `new HttpServer(fn)`, Amp's
 * `new ClosureRequestHandler(fn)`. */
function newContexts(n: Node, declared: Map<string, Node>, add: AddCallback): void {
  const cls = className(n.what);
  const args: Node[] = n.arguments ?? [];
  if (cls === 'httpserver' || (cls === 'server' && /^\\?React\\Http\\Server$/i.test(String(n.what?.name)))) {
    for (const arg of args) add({ head: n.what, callback: resolveCallable(arg, declared) }, 'reactphp', 'ReactPHP HTTP request handler', 'request', true);
  } else if (cls === 'closurerequesthandler') {
    add({ head: n.what, callback: resolveCallable(args[0], declared) }, 'amp', 'Amp HTTP request handler', 'request', true);
  }
}

const cache = new WeakMap<Unit, { text: string; settings: Settings; contexts: WorkerContext[] }>();

/** The contexts of a unit, computed once per analysis run however many rules ask. */
export function workerContexts(unit: Unit, text: string, settings: Settings): WorkerContext[] {
  const hit = cache.get(unit);
  if (hit && hit.text === text && hit.settings === settings) return hit.contexts;
  const contexts = findWorkerContexts(unit.nodes, text, settings);
  cache.set(unit, { text, settings, contexts });
  return contexts;
}

/** The innermost context whose body contains `offset`, for the memory rules that rise to warning there. */
export function contextAt(contexts: WorkerContext[], offset: number): WorkerContext | null {
  let best: WorkerContext | null = null;
  for (const c of contexts) {
    const s = c.body.loc?.start.offset ?? -1;
    const e = c.body.loc?.end.offset ?? -1;
    if (offset >= s && offset < e && (!best || s >= (best.body.loc!.start.offset))) best = c;
  }
  return best;
}

/** Whether `offset` runs inside any worker context of the unit (worker loop body or framework callback). */
export function inWorkerContext(unit: Unit, text: string, settings: Settings, offset: number): boolean {
  return contextAt(workerContexts(unit, text, settings), offset) !== null;
}

