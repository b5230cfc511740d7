// What the code inside a long-running context does, as the worker.* rules and the "Worker health" hover read it:
// exits that bound the process (memory guard), calls that block the event loop, state that outlives one request or
// iteration, and in-process queues. Plain functions over the AST; tables say why each entry is there.
import { perText } from './perText';
import type { Node } from './parse';
import type { Span } from '../rules/types';
import { walk, span, varName, calleeName, FUNCTION_LIKE } from './walk';
import { invokedName } from './loops';
import { methodName, className, type WorkerContext, type Framework } from './workerContext';
import { nameTable } from './nameTable';

// ---------------------------------------------------------------------------------------------------------------
// Small readers

/** Lower-cased name of a plain function call (`\sleep(1)` -> "sleep"), null for methods and dynamic calls. */
export function functionName(call: Node): string | null {
  return call.kind === 'call' ? calleeName(call) : null;
}

/** Visits a subtree without entering nested classes; nested functions are entered only when `intoFunctions`. */
function visit(node: Node | null | undefined, fn: (n: Node, parent: Node | null) => void, intoFunctions: boolean): void {
  if (!node) return;
  walk(node, (n, p) => {
    if (n !== node && (n.kind === 'class' || (!intoFunctions && FUNCTION_LIKE.has(n.kind)))) return false;
    fn(n, p);
  });
}

/** A stable text key for a storage place: `$this->cache`, `self::$items`, `$queue`. Offsets (`[$k]`) are dropped:
 * they name an element of the same place. */
export function placeKey(node: Node, text: string): string | null {
  let n = node;
  // `$GLOBALS['tenant']` names the global `$tenant`: its first offset is part of the place.
  while (n?.kind === 'offsetlookup' && varName(n.what) !== 'GLOBALS') n = n.what;
  if (!n) return null;
  if (n.kind === 'offsetlookup' || n.kind === 'variable' || n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup' || n.kind === 'staticlookup') {
    const s = span(n);
    return text.slice(s.start, s.end).replace(/\s+/g, '').replace(/\?->/g, '->');
  }
  return null;
}

const WRITE_KINDS = new Set(['assign', 'assignref']);

/** Writes in a subtree: assignments (any operator), `++`/`--`, `unset()`. `target` is the written expression. */
export function writesIn(node: Node | null | undefined, intoFunctions: boolean, fn: (target: Node, write: Node) => void): void {
  visit(node, (n) => {
    if (WRITE_KINDS.has(n.kind)) fn(n.left, n);
    else if ((n.kind === 'post' || n.kind === 'pre') && n.what) fn(n.what, n);
    else if (n.kind === 'unset') for (const v of n.variables ?? []) fn(v, n);
    else if (n.kind === 'call' && ['array_push', 'array_unshift'].includes(functionName(n) ?? '') && n.arguments?.[0]) fn(n.arguments[0], n);
  }, intoFunctions);
}

/** Whether a write empties or resets its place: `= null`, `= []`, `= 0`, `= ''`, `= false`, `unset()`. */
export function isReset(write: Node): boolean {
  if (write.kind === 'unset') return true;
  if (write.kind !== 'assign' || write.operator !== '=' || write.left?.kind === 'offsetlookup') return false;
  const v = write.right;
  if (!v) return false;
  if (v.kind === 'array') return (v.items ?? []).length === 0;
  if (v.kind === 'nullkeyword' || v.kind === 'boolean' || v.kind === 'number' || v.kind === 'string') return true;
  return (v.kind === 'constref' || v.kind === 'name') && /^null$/i.test(String(v.name?.name ?? v.name));
}

/** `$a[] = x`, `$a[$k] = x`, `$s .= x`, `$n += x`, `array_push($a, x)`: the place keeps what came before. */
export function isGrowth(write: Node): boolean {
  if (write.kind === 'call') return true;
  if (write.kind !== 'assign') return false;
  if (write.operator === '.=') return true;
  return write.operator === '=' && write.left?.kind === 'offsetlookup';
}

// ---------------------------------------------------------------------------------------------------------------
// Memory guard: what ends a long-running loop before a slow leak does

const MEMORY_CALLS = new Set(['memory_get_usage', 'memory_get_peak_usage']);
const CLOCK_CALLS = new Set(['time', 'microtime', 'hrtime']);
/** Helper methods frameworks and apps use for the same check (Laravel's `memoryExceeded()`, `stopIfNecessary()`,
 * Symfony's `StopWorkerOn*Listener`, hand-written `shouldStop()`). */
const GUARD_HELPER = /memory|limit|exceed|shouldstop|shouldquit|shouldexit|stopif|restart|recycle|maxjobs|maxmessages|deadline|expired|timeout|lifetime/i;
const STOP_METHODS = new Set(['stop', 'terminate', 'shutdown', 'exit', 'quit', 'kill']);

export interface Guard { kind: 'memory' | 'count' | 'time' | 'helper'; at: Span; }


/** Variables and properties assigned from the memory, the clock or a limit-checking helper anywhere in the unit:
 * `$start = time()`, `$status = $this->stopIfNecessary(...)`. */
export function clockAndMemoryPlaces(nodes: Node[], text: string): Map<string, Guard['kind']> {
  const out = new Map<string, Guard['kind']>();
  for (const root of nodes) {
    walk(root, (n) => {
      if (n.kind !== 'assign' || n.operator !== '=') return;
      let kind: Guard['kind'] | null = null;
      walk(n.right, (m) => {
        if (m.kind !== 'call') return;
        const name = invokedName(m);
        if (name && MEMORY_CALLS.has(name)) kind = 'memory';
        else if (name && CLOCK_CALLS.has(name)) kind ??= 'time';
        // Laravel: `$status = $this->stopIfNecessary(...); if (! is_null($status)) return ...;`
        else if (name && GUARD_HELPER.test(name)) kind ??= 'helper';
      });
      const key = kind ? placeKey(n.left, text) : null;
      if (key && kind) out.set(key, kind);
    });
  }
  return out;
}

/** The places a loop counts up or down: `$n++`, `++$this->handled`, `$left -= 1`. */
function counters(body: Node | null | undefined, text: string): Set<string> {
  const out = new Set<string>();
  writesIn(body, false, (target, write) => {
    if (write.kind === 'post' || write.kind === 'pre' || (write.kind === 'assign' && (write.operator === '+=' || write.operator === '-='))) {
      const key = placeKey(target, text);
      if (key) out.add(key);
    }
  });
  return out;
}

/** What kind of limit a condition checks, if any. */
function guardTest(test: Node | null | undefined, counted: Set<string>, places: Map<string, Guard['kind']>, text: string): Guard['kind'] | null {
  if (!test) return null;
  let kind: Guard['kind'] | null = null;
  walk(test, (n) => {
    if (kind) return false;
    if (n.kind === 'call') {
      const name = invokedName(n);
      if (name && MEMORY_CALLS.has(name)) kind = 'memory';
      else if (name && CLOCK_CALLS.has(name)) kind = 'time';
      else if (name && GUARD_HELPER.test(name)) kind = 'helper';
    } else if (n.kind === 'bin' && /^(<|<=|>|>=|==|===|!=|!==)$/.test(n.type)) {
      for (const side of [n.left, n.right]) {
        const key = placeKey(side?.kind === 'post' || side?.kind === 'pre' ? side.what : side, text);
        if (key && counted.has(key)) kind = 'count';
        else if (key && places.has(key)) kind = places.get(key)!;
      }
    } else if ((n.kind === 'variable' || n.kind === 'propertylookup') && places.get(placeKey(n, text) ?? '') === 'helper') {
      kind = 'helper';
    } else if (n.kind === 'post' || n.kind === 'pre') {
      // `if (++$n > 1000)` / `while ($n-- > 0)`: the counter is in the condition itself.
      const key = placeKey(n.what, text);
      if (key) counted.add(key);
    }
    return !kind;
  });
  return kind;
}

/** Whether a branch leaves the loop or the process: break, return, exit, throw, `->stop()`, or clearing the flag the
 * loop condition reads (`$running = false`). */
function leaves(branch: Node | null | undefined, loopFlags: Set<string>, text: string): boolean {
  if (!branch) return false;
  let found = false;
  visit(branch, (n) => {
    if (found) return;
    if (n.kind === 'break' || n.kind === 'return' || n.kind === 'exit' || n.kind === 'throw') found = true;
    else if (n.kind === 'call' && STOP_METHODS.has(invokedName(n) ?? '')) found = true;
    else if (n.kind === 'assign' && loopFlags.has(placeKey(n.left, text) ?? '')) found = true;
  }, false);
  return found;
}

/** The check that bounds a long-running loop's life, or null when nothing does. Looks at the loop condition and at
 * every `if` in the body that leaves the loop (not into nested functions: a callback's exit does not end the loop). */
export function memoryGuard(loop: Node, text: string, places: Map<string, Guard['kind']>): Guard | null {
  const counted = counters(loop.body, text);
  const flags = new Set<string>();
  if (loop.test && !Array.isArray(loop.test)) visit(loop.test, (n) => { const k = placeKey(n, text); if (k) flags.add(k); }, false);
  const tests: Node[] = Array.isArray(loop.test) ? loop.test : loop.test ? [loop.test] : [];
  for (const test of tests) {
    const kind = guardTest(test, counted, places, text);
    if (kind) return { kind, at: span(test) };
  }
  let found: Guard | null = null;
  visit(loop.body, (n) => {
    if (found) return;
    if (n.kind === 'if' || n.kind === 'retif') {
      const kind = guardTest(n.test, counted, places, text);
      if (kind && (leaves(n.body ?? n.trueExpr, flags, text) || leaves(n.alternate ?? n.falseExpr, flags, text))) found = { kind, at: span(n.test) };
    } else if (n.kind === 'bin' && (n.type === '&&' || n.type === 'and' || n.type === '||' || n.type === 'or')) {
      // `memory_get_usage() > $max && exit(0);`
      const kind = guardTest(n.left, counted, places, text);
      if (kind && leaves(n.right, flags, text)) found = { kind, at: span(n.left) };
    }
  }, false);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Blocking calls: one of them stalls every concurrent task of an event loop or coroutine scheduler

export interface BlockingCall { call: Node; what: string; why: string; }

const BLOCKING_FUNCTIONS = nameTable<string>({
  sleep: 'sleeps the whole process', usleep: 'sleeps the whole process', time_nanosleep: 'sleeps the whole process',
  time_sleep_until: 'sleeps the whole process',
  curl_exec: 'waits for the whole HTTP response', curl_multi_select: 'waits on sockets outside the event loop',
  readline: 'waits for a line on the terminal',
  shell_exec: 'waits for the command to finish', exec: 'waits for the command to finish', system: 'waits for the command to finish',
  passthru: 'waits for the command to finish', proc_close: 'waits for the command to finish',
  gethostbyname: 'resolves DNS synchronously', gethostbynamel: 'resolves DNS synchronously', dns_get_record: 'resolves DNS synchronously',
  mysqli_query: 'waits for the database', pg_query: 'waits for the database', pg_query_params: 'waits for the database',
  pg_execute: 'waits for the database', mail: 'waits for the mail transfer agent',
});
/** Built-ins that block only on a URL (a local file read is quick) or on the terminal. */
const URL_READERS = new Set(['file_get_contents', 'fopen', 'file', 'get_headers', 'copy', 'readfile']);
const STDIN_READERS = new Set(['fgets', 'fread', 'fgetc', 'fscanf', 'stream_get_line', 'stream_get_contents']);
/** Receivers that are PDO / mysqli connections by convention. Generic names (`$db`, `$connection`) are not enough:
 * react/mysql and amphp/mysql connections have the same methods and do not block. */
const DB_NAMES = /^(pdo|dbh|mysqli)$/i;
const BLOCKING_DB_CLASSES = ['pdo', 'mysqli'];
/** Methods that send SQL and wait: PDO/mysqli `query`/`exec`, Doctrine DBAL's `executeQuery`, `fetchAllAssociative`. */
const DB_METHODS = new Set(['query', 'exec', 'executequery', 'executestatement', 'fetchallassociative', 'fetchassociative',
  'fetchone', 'fetchallkeyvalue', 'fetchfirstcolumn']);

function isUrl(arg: Node | null | undefined): boolean {
  if (!arg) return false;
  if (arg.kind === 'string') return /^(https?|ftps?):\/\//i.test(String(arg.value));
  if (arg.kind === 'encapsed' || arg.kind === 'bin') {
    const first = arg.kind === 'encapsed' ? arg.value?.[0]?.expression ?? arg.value?.[0] : arg.left;
    return isUrl(first) || (first?.kind === 'string' && /^(https?|ftps?):\/\//i.test(String(first.value)));
  }
  return false;
}

function isStdin(arg: Node | null | undefined): boolean {
  return (arg?.kind === 'name' || arg?.kind === 'constref') && /^\\?STDIN$/.test(String(arg.name?.name ?? arg.name));
}

/** The last name of a receiver: `$pdo` -> "pdo", `$this->db` -> "db". */
function receiverName(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.kind === 'variable') return varName(node);
  if ((node.kind === 'propertylookup' || node.kind === 'nullsafepropertylookup') && node.offset?.kind === 'identifier') return String(node.offset.name);
  if (node.kind === 'staticlookup' && node.offset?.kind === 'variable') return String(node.offset.name);
  return null;
}

export interface DatabasePlaces { connections: Set<string>; statements: Set<string>; }

/** Places holding a PDO / mysqli connection (`new PDO(...)`, a `PDO $db` parameter or property) or a prepared
 * statement (`->prepare(...)`). */
export function databasePlaces(nodes: Node[], text: string): DatabasePlaces {
  const connections = new Set<string>();
  const statements = new Set<string>();
  for (const root of nodes) {
    walk(root, (n) => {
      const typed = BLOCKING_DB_CLASSES.includes(className(n.type) ?? '');
      if (typed && n.kind === 'parameter' && n.name) {
        connections.add(`$${n.name.name ?? n.name}`);
        if (n.flags) connections.add(`$this->${n.name.name ?? n.name}`); // promoted constructor property
      }
      if (typed && n.kind === 'property' && n.name) connections.add(`$this->${n.name.name ?? n.name}`);
      if (n.kind !== 'assign' || n.operator !== '=') return;
      const v = n.right;
      const key = placeKey(n.left, text);
      if (!key) return;
      if (v?.kind === 'new' && ['pdo', 'mysqli'].includes(className(v.what) ?? '')) connections.add(key);
      if (v?.kind === 'call' && methodName(v) === 'prepare' && isDatabase(v.what.what, connections, text)) statements.add(key);
    });
  }
  return { connections, statements };
}

function isDatabase(receiver: Node | null | undefined, places: Set<string>, text: string): boolean {
  if (!receiver) return false;
  if (receiver.kind === 'call' && methodName(receiver) === 'prepare') return isDatabase(receiver.what.what, places, text);
  const key = placeKey(receiver, text);
  return (!!key && places.has(key)) || DB_NAMES.test(receiverName(receiver) ?? '');
}

export function blockingCalls(body: Node, text: string, db: DatabasePlaces): BlockingCall[] {
  const out: BlockingCall[] = [];
  visit(body, (n) => {
    if (n.kind === 'new' && ['pdo', 'mysqli'].includes(className(n.what) ?? '')) {
      out.push({ call: n, what: `new ${className(n.what) === 'pdo' ? 'PDO' : 'mysqli'}`, why: 'connects to the database synchronously' });
      return;
    }
    if (n.kind !== 'call') return;
    const fn = functionName(n);
    const args: Node[] = n.arguments ?? [];
    if (fn && BLOCKING_FUNCTIONS[fn]) out.push({ call: n, what: `${fn}()`, why: BLOCKING_FUNCTIONS[fn] });
    else if (fn && URL_READERS.has(fn) && isUrl(args[0])) out.push({ call: n, what: `${fn}() of a URL`, why: 'waits for the whole HTTP response' });
    else if (fn && STDIN_READERS.has(fn) && isStdin(args[0])) out.push({ call: n, what: `${fn}(STDIN)`, why: 'waits for input on the terminal' });
    else if (!fn) {
      const m = methodName(n);
      if (m && n.what.kind !== 'staticlookup') {
        const receiver = n.what.what;
        if ((DB_METHODS.has(m) && isDatabase(receiver, db.connections, text)) ||
          (m === 'execute' && (db.statements.has(placeKey(receiver, text) ?? '') || (receiver?.kind === 'call' && methodName(receiver) === 'prepare' && isDatabase(receiver.what.what, db.connections, text))))) {
          out.push({ call: n, what: `->${String(n.what.offset.name)}() on a database connection`, why: 'waits for the database' });
        }
      }
    }
  }, true);
  return out;
}

/** Swoole turns blocking built-ins into coroutine switches when its runtime hooks are on. */
export const swooleHooksOn = perText((text) => /Runtime::(enableCoroutine|setHookFlags)\s*\(|['"]hook_flags['"]|\bSWOOLE_HOOK_ALL\b/.test(text));

/** Whether blocking calls in a context stall other work: event-loop and coroutine code, except Swoole with hooks. */
export function blockingMatters(ctx: WorkerContext, text: string): boolean {
  return ctx.concurrent && !(ctx.framework === 'swoole' && swooleHooksOn(text));
}

// ---------------------------------------------------------------------------------------------------------------
// State that outlives one request or iteration

export type StateKind = 'static property' | 'global' | 'function static' | 'captured by reference' | 'singleton' | 'property';

export interface StateWrite { target: Node; write: Node; key: string; kind: StateKind; }

/** `global $x` / `static $x` / `use (&$x)` names of a function. */
function declaredNames(fn: Node): { globals: Set<string>; statics: Set<string>; byRef: Set<string> } {
  const globals = new Set<string>();
  const statics = new Set<string>();
  const byRef = new Set<string>();
  visit(fn.body, (n) => {
    if (n.kind === 'global') for (const v of n.items ?? []) { const name = varName(v); if (name) globals.add(name); }
    if (n.kind === 'static') for (const v of n.variables ?? []) { const name = varName(v.variable ?? v); if (name) statics.add(name); }
  }, false);
  for (const u of fn.uses ?? []) if (u.byref) { const name = varName(u); if (name) byRef.add(name); }
  return { globals, statics, byRef };
}

function stateKind(target: Node, names: ReturnType<typeof declaredNames>): StateKind | null {
  let n = target;
  while (n?.kind === 'offsetlookup') n = n.what;
  if (!n) return null;
  if (n.kind === 'staticlookup' && n.offset?.kind === 'variable') return 'static property';
  const name = varName(n);
  if (name === 'GLOBALS' || (name && names.globals.has(name))) return 'global';
  if (name && names.statics.has(name)) return 'function static';
  if (name && names.byRef.has(name)) return 'captured by reference';
  if (n.kind === 'propertylookup') {
    let base = n.what;
    while (base?.kind === 'propertylookup' || base?.kind === 'offsetlookup') base = base.what;
    if (base?.kind === 'call' && /^(getinstance|instance|shared|singleton)$/.test(methodName(base) ?? '')) return 'singleton';
    if (varName(base) === 'this') return 'property';
  }
  return null;
}

/** Writes in a context's body to places that survive it. Properties of `$this` are included (kind 'property'); the
 * caller decides whether they matter. */
export function stateWrites(ctx: WorkerContext, text: string): StateWrite[] {
  const out: StateWrite[] = [];
  const fn = ctx.kind === 'callback' ? ctx.node : null;
  const names = fn ? declaredNames(fn) : { globals: new Set<string>(), statics: new Set<string>(), byRef: new Set<string>() };
  writesIn(ctx.body, false, (target, write) => {
    const kind = stateKind(target, names);
    const key = kind ? placeKey(target, text) : null;
    if (kind && key) out.push({ target, write, key, kind });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// In-process queues

const QUEUE_CLASSES = new Set(['splqueue', 'splstack', 'spldoublylinkedlist', 'splpriorityqueue', 'splminheap', 'splmaxheap',
  'splheap', 'queue', 'deque', 'stack', 'priorityqueue']);
const ENQUEUE_METHODS = new Set(['enqueue', 'push', 'insert', 'unshift']);
const DEQUEUE_FUNCTIONS = new Set(['array_shift', 'array_splice']);
const COUNT_FUNCTIONS = new Set(['count', 'sizeof']);

export interface QueueFacts {
  /** Places holding a queue object, or an array used as a FIFO (`array_shift`). */
  queues: Set<string>;
  /** Places whose size is compared somewhere in the unit (a bound or backpressure). */
  sizeChecked: Set<string>;
  /** Where each queue place is (re)created: an assignment node, to tell per-iteration locals from long-lived ones. */
  created: Map<string, Node[]>;
}

export function queueFacts(nodes: Node[], text: string): QueueFacts {
  const queues = new Set<string>();
  const sizeChecked = new Set<string>();
  const created = new Map<string, Node[]>();
  for (const root of nodes) {
    walk(root, (n) => {
      if (n.kind === 'assign' && n.operator === '=' && n.left?.kind !== 'offsetlookup') {
        const key = placeKey(n.left, text);
        if (key) {
          if (n.right?.kind === 'new' && QUEUE_CLASSES.has(className(n.right.what) ?? '')) queues.add(key);
          created.set(key, [...(created.get(key) ?? []), n]);
        }
      }
      if (n.kind === 'call' && DEQUEUE_FUNCTIONS.has(functionName(n) ?? '') && n.arguments?.[0]) {
        const key = placeKey(n.arguments[0], text);
        if (key) queues.add(key);
      }
      if (n.kind === 'bin' && /^(<|<=|>|>=|==|===|!=|!==)$/.test(n.type)) {
        for (const side of [n.left, n.right]) {
          if (side?.kind !== 'call') continue;
          const fn = functionName(side);
          const arg = fn && COUNT_FUNCTIONS.has(fn) ? side.arguments?.[0] : methodName(side) === 'count' ? side.what.what : null;
          const key = arg ? placeKey(arg, text) : null;
          if (key) sizeChecked.add(key);
        }
      }
    });
  }
  return { queues, sizeChecked, created };
}

export interface QueueFill { call: Node; key: string; }

function within(inner: Node, outer: Node): boolean {
  const s = inner.loc?.start.offset ?? -1;
  return s >= (outer.loc?.start.offset ?? 0) && s < (outer.loc?.end.offset ?? 0);
}

/** Enqueue sites in a context's body for queues that outlive one iteration and have no bound, unless the same body
 * also drains the queue in a loop (`while (!$q->isEmpty())`). */
export function queueFills(ctx: WorkerContext, text: string, facts: QueueFacts): QueueFill[] {
  const out: QueueFill[] = [];
  const drained = new Set<string>();
  // A loop that runs until the queue is empty drains it: nested in the body, or the context's own loop.
  visit(ctx.kind === 'loop' ? ctx.node : ctx.body, (n) => {
    if (!['while', 'do', 'for'].includes(n.kind)) return;
    const tests: Node[] = Array.isArray(n.test) ? n.test : n.test ? [n.test] : [];
    for (const t of tests) visit(t, (m) => { const k = placeKey(m, text); if (k) drained.add(k); }, false);
  }, false);
  const longLived = (key: string) => {
    if (!key.startsWith('$') || key.includes('->') || key.includes('::')) return true;
    const made = facts.created.get(key) ?? [];
    // A variable made inside the body is new on every iteration; one made elsewhere is shared by all of them.
    return made.length > 0 ? made.every((a) => !within(a, ctx.body)) : ctx.kind === 'callback';
  };
  visit(ctx.body, (n) => {
    let place: Node | null = null;
    if (n.kind === 'call') {
      const m = methodName(n);
      const fn = functionName(n);
      if (m && ENQUEUE_METHODS.has(m) && n.what.kind !== 'staticlookup') place = n.what.what;
      else if (fn === 'array_push') place = n.arguments?.[0] ?? null;
    } else if (n.kind === 'assign' && n.operator === '=' && n.left?.kind === 'offsetlookup' && n.left.offset === false) {
      place = n.left.what;
    }
    const key = place ? placeKey(place, text) : null;
    if (!key || !facts.queues.has(key) || facts.sizeChecked.has(key) || drained.has(key) || !longLived(key)) return;
    out.push({ call: n, key });
  }, false);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// State kept across iterations (for the hover): places the body grows and never resets

export function keptAcrossIterations(ctx: WorkerContext, text: string): string[] {
  const kept = new Set<string>();
  const fresh = new Set<string>();
  // A callback's locals die with each call; a loop's variables live on to the next iteration unless the body
  // assigns them anew.
  if (ctx.kind === 'loop') {
    writesIn(ctx.body, false, (target, write) => {
      const key = placeKey(target, text);
      if (!key) return;
      if (isReset(write) || (write.kind === 'assign' && write.operator === '=' && target.kind === 'variable')) fresh.add(key);
      else if (isGrowth(write)) kept.add(key);
    });
  }
  for (const w of stateWrites(ctx, text)) {
    if (isReset(w.write)) fresh.add(w.key);
    else if (w.kind !== 'property' || isGrowth(w.write)) kept.add(w.key);
  }
  return [...kept].filter((k) => !fresh.has(k));
}

/** "a timer", "an Amp task". */
export function withArticle(noun: string): string {
  return `${/^[aeiouAEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

export function frameworkAdvice(framework: Framework): string {
  switch (framework) {
    case 'roadrunner': return 'RoadRunner restarts a worker after `pool.supervisor.max_worker_memory` MB or `max_jobs` jobs (.rr.yaml)';
    case 'swoole': return "Swoole restarts a worker process after `'max_request' => N` requests (`$server->set([...])`)";
    case 'messenger': return 'run the worker with `messenger:consume --memory-limit=128M --limit=1000 --time-limit=3600` under a supervisor';
    case 'laravelQueue': return 'run `queue:work --memory=128 --max-jobs=1000 --max-time=3600` under a supervisor';
    case 'rdkafka': return 'exit after N messages or above a memory threshold and let the supervisor (systemd, supervisord, Kubernetes) start a fresh consumer; committed offsets make the restart lossless';
    default: return 'exit after N iterations or above a memory threshold and let a supervisor (systemd, supervisord, Kubernetes) start a fresh process';
  }
}
