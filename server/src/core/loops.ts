// Loop classification shared by the memory.* growth rules and the worker.* rules (RULES.md "Context detection").
// A loop is long-running when nothing in its header bounds it: `while (true)`, `for (;;)`, `do {} while (1)`, or a
// loop whose condition or body waits for work (`consume()`, `receive()`, `waitRequest()`, ...). Code inside a
// server/event-loop callback (Swoole `->on('request', fn)`, ReactPHP timers, Amp) or a Symfony Messenger handler is
// also long-running: the process outlives the request, so whatever it keeps grows.
import type { Node } from './parse';
import { walk, walkScope, calleeName, FUNCTION_LIKE } from './walk';

export interface LoopSettings { longRunning: { extraLoopCalls: string[] } }

export const LOOP_KINDS = new Set(['while', 'do', 'for', 'foreach']);

/** Calls that block until the next unit of work arrives: a loop around one runs as long as work comes. */
const WAIT_CALLS = ['consume', 'receive', 'accept', 'waitformessage', 'waitrequest', 'waitpayload', 'socket_accept',
  'stream_socket_accept', 'brpop', 'blpop', 'brpoplpush', 'bzpopmin', 'bzpopmax', 'xread', 'xreadgroup',
  'basic_consume', 'reserve', 'receivemessage', 'pcntl_sigwaitinfo'];

/** Registration calls whose callback runs once per request/event in a long-lived process. */
const CALLBACK_CALLS = new Set(['on', 'addperiodictimer', 'addtimer', 'futuretick', 'repeat', 'delay', 'defer',
  'go', 'coroutine', 'run', 'async', 'tick', 'addreadstream', 'handle']);
const SERVER_EVENTS = /^(request|receive|message|packet|task|open|connect|workerstart|start|finish|pipemessage|data)$/i;

/** Lower-cased name of whatever a call invokes: `f()`, `$o->f()`, `$o?->f()`, `C::f()`. */
export function invokedName(node: Node): string | null {
  if (node.kind === 'call') {
    const what = node.what;
    if (what?.kind === 'name') return calleeName(node);
    if ((what?.kind === 'propertylookup' || what?.kind === 'nullsafepropertylookup' || what?.kind === 'staticlookup') &&
      what.offset?.kind === 'identifier') return String(what.offset.name).toLowerCase();
  }
  return null;
}

/** Calls that make an endless loop a polling daemon even when it has an exit. */
const POLL_CALLS = ['sleep', 'usleep', 'time_nanosleep', 'pcntl_signal_dispatch', 'stream_select', 'socket_select',
  'event_base_loop'];

function containsYield(body: Node | null | undefined): boolean {
  let found = false;
  if (body) walkScope(body, (n) => {
    if (found || (FUNCTION_LIKE.has(n.kind) && n !== body)) return false;
    if (n.kind === 'yield' || n.kind === 'yieldfrom') found = true;
    return !found;
  });
  return found;
}

/** A `break`/`return`/`exit`/`throw` that leaves this loop (not one of its inner loops or switches). */
function hasOwnExit(body: Node | null | undefined): boolean {
  let found = false;
  const visit = (n: Node, depth: number) => {
    walk(n, (c) => {
      if (found) return false;
      if (c !== n && (FUNCTION_LIKE.has(c.kind) || c.kind === 'class')) return false;
      if (c !== n && (LOOP_KINDS.has(c.kind) || c.kind === 'switch')) { visit(c.body ?? c, depth + 1); return false; }
      if (c.kind === 'return' || c.kind === 'exit' || c.kind === 'throw') found = true;
      if (c.kind === 'break') {
        const levels = c.level?.kind === 'number' ? Number(c.level.value) : 1;
        if (levels > depth) found = true;
      }
      return !found;
    });
  };
  if (body) visit(body, 0);
  return found;
}

function isConstantTrue(test: Node | null | undefined): boolean {
  if (!test) return true; // `for (;;)`
  if (test.kind === 'boolean') return test.value === true;
  if (test.kind === 'number') return Number(test.value) !== 0;
  if (test.kind === 'constref' || test.kind === 'name') return /^true$/i.test(String(test.name?.name ?? test.name));
  if (test.kind === 'cast' && test.type === 'bool') return isConstantTrue(test.expr);
  return false;
}

function waitCalls(settings?: LoopSettings): Set<string> {
  const extra = settings?.longRunning?.extraLoopCalls ?? [];
  return new Set([...WAIT_CALLS, ...extra.map((x) => x.replace(/^.*(::|->|\\)/, '').replace(/\(\)$/, '').toLowerCase())]);
}

function callsOneOf(node: Node | null | undefined, names: Set<string>): boolean {
  if (!node) return false;
  let found = false;
  walkScope(node, (n) => {
    if (found) return false;
    if (FUNCTION_LIKE.has(n.kind) && n !== node) return false;
    const name = invokedName(n);
    if (name && names.has(name)) found = true;
    return !found;
  });
  return found;
}

/** The loop's test expression: `while`/`do` test, the last `for` test (an empty one never ends). */
function loopTest(loop: Node): { test: Node | null; present: boolean } {
  if (loop.kind === 'for') {
    const tests: Node[] = loop.test ?? [];
    return { test: tests.length ? tests[tests.length - 1] : null, present: tests.length > 0 };
  }
  return { test: loop.test ?? null, present: !!loop.test };
}

export type LoopKind = 'long-running' | 'finite';

/** `long-running` for loops nothing bounds (see the file comment); `finite` for every other loop. */
export function loopKind(loop: Node, settings?: LoopSettings): LoopKind | null {
  if (!LOOP_KINDS.has(loop.kind)) return null;
  if (loop.kind === 'foreach') return 'finite';
  const { test, present } = loopTest(loop);
  const names = waitCalls(settings);
  if (!present || isConstantTrue(test)) {
    // `while (true) { $line = fgets($fp); if ($line === false) break; }` reads its input to the end: an endless
    // header with an exit in the body is finite unless the body waits for work (or sleeps between polls). A loop
    // that yields is driven by its consumer.
    if (containsYield(loop.body)) return 'finite';
    if (hasOwnExit(loop.body) && !callsOneOf(loop.body, new Set([...names, ...POLL_CALLS]))) return 'finite';
    return 'long-running';
  }
  if (callsOneOf(test, names)) return 'long-running';
  // `for ($i = 0; $i < $n; $i++)` is bounded by its counter even when the body waits for work.
  if (loop.kind === 'for') return 'finite';
  // `while ($running) { $m = $consumer->consume(1000); ... }`: the flag is cleared from a signal handler.
  if (test && (test.kind === 'variable' || test.kind === 'propertylookup' || test.kind === 'staticlookup' ||
    (test.kind === 'unary' && test.type === '!')) && callsOneOf(loop.body, names)) return 'long-running';
  return 'finite';
}

export function isLongRunningLoop(loop: Node, settings?: LoopSettings): boolean {
  return loopKind(loop, settings) === 'long-running';
}

/** Ancestors of `target` inside `root`, outermost first (root included, target excluded); null when not inside. */
export function ancestorsOf(root: Node, target: Node): Node[] | null {
  const path: Node[] = [];
  let found: Node[] | null = null;
  const startOf = (n: Node) => n.loc?.start.offset ?? -1;
  const endOf = (n: Node) => n.loc?.end.offset ?? -1;
  const t0 = startOf(target);
  const t1 = endOf(target);
  // Descend only into nodes whose range contains the target: linear in the depth, not the file.
  let current: Node | null = root;
  while (current && !found) {
    if (current === target) { found = path; break; }
    path.push(current);
    let next: Node | null = null;
    walkChildren(current, (c) => {
      if (next) return;
      if (c === target || (startOf(c) <= t0 && endOf(c) >= t1 && startOf(c) >= 0)) next = c;
    });
    // php-parser gives some nodes (`$a->b[]`) a range that starts late: fall back to an identity search.
    if (!next) walkChildren(current, (c) => { if (!next && contains(c, target)) next = c; });
    current = next;
  }
  return found;
}

function contains(root: Node, target: Node): boolean {
  let found = false;
  walk(root, (n) => { if (found) return false; if (n === target) found = true; return !found; });
  return found;
}

function walkChildren(node: Node, visit: (child: Node) => void): void {
  let first = true;
  walk(node, (n) => {
    if (first) { first = false; return true; }
    visit(n);
    return false;
  });
}

/** Whether a closure/arrow function is registered as a per-request/per-event callback of a long-lived process. */
export function isLongRunningCallback(fn: Node, parent: Node | null): boolean {
  if (!parent || parent.kind !== 'call') return false;
  const name = invokedName(parent);
  if (!name || !CALLBACK_CALLS.has(name)) return false;
  if (name === 'on') {
    const event = parent.arguments?.[0];
    return event?.kind === 'string' && SERVER_EVENTS.test(String(event.value));
  }
  if (name === 'run' || name === 'handle') {
    // `Swoole\Coroutine\run(fn)`, `Co\run(fn)`; a bare `run()`/`handle()` method is too common to mean a loop.
    return parent.what?.kind === 'name' && /(^|\\)(co|coroutine)\\run$/i.test(String(parent.what.name));
  }
  return true;
}

/** A Symfony Messenger handler: `#[AsMessageHandler]` or `implements MessageHandlerInterface`. */
export function isMessageHandlerClass(cls: Node): boolean {
  if (cls.kind !== 'class') return false;
  const attrs = (cls.attrGroups ?? []).flatMap((g: Node) => g.attrs ?? []);
  if (attrs.some((a: Node) => /(^|\\)AsMessageHandler$/.test(String(a.name)))) return true;
  return (cls.implements ?? []).some((i: Node) => /(^|\\)MessageHandlerInterface$/.test(String(i.name)));
}

/** The innermost long-running loop around `target` within `root` (same function), or null. */
export function enclosingLongRunningLoop(root: Node, target: Node, settings?: LoopSettings): Node | null {
  const path = ancestorsOf(root, target);
  if (!path) return null;
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (FUNCTION_LIKE.has(n.kind) || n.kind === 'class') return null;
    if (isLongRunningLoop(n, settings)) return n;
  }
  return null;
}

/** The innermost enclosing loop of any kind within the same function, or null. */
export function enclosingLoop(root: Node, target: Node): Node | null {
  const path = ancestorsOf(root, target);
  if (!path) return null;
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (FUNCTION_LIKE.has(n.kind) || n.kind === 'class') return null;
    if (LOOP_KINDS.has(n.kind)) return n;
  }
  return null;
}

/** Whether `target` runs in a long-running context: inside a long-running loop, a server/event-loop callback or a
 * Messenger handler class (looking through enclosing functions, since a callback's body is its own function). */
export function inLongRunningContext(root: Node, target: Node, settings?: LoopSettings): boolean {
  const path = ancestorsOf(root, target);
  if (!path) return false;
  for (let i = 0; i < path.length; i++) {
    const n = path[i];
    if (isLongRunningLoop(n, settings)) return true;
    if ((n.kind === 'closure' || n.kind === 'arrowfunc') && isLongRunningCallback(n, path[i - 1] ?? null)) return true;
    if (n.kind === 'class' && isMessageHandlerClass(n)) return true;
  }
  return false;
}

/** Every long-running loop in a subtree (nested functions included; each is its own scope). */
export function longRunningLoops(root: Node, settings?: LoopSettings): Node[] {
  const out: Node[] = [];
  walk(root, (n) => { if (isLongRunningLoop(n, settings)) out.push(n); });
  return out;
}
