// Where php-rdkafka objects go inside one analysis unit (a class, a function, or the script): which properties each
// RdKafka\Conf / TopicConf gets, which client (Producer, KafkaConsumer, Consumer) it reaches, and which calls are
// made on that client, its topics and its messages. Objects are followed through locals, `$this->` properties,
// helper methods/functions of the unit (arguments bound to parameters, return values) and closures; anything that
// leaves the unit (passed to code we cannot see) is marked `escaped` so rules stay silent instead of guessing.
import type { Node } from './parse';
import { walk, varName, propName, FUNCTION_LIKE } from './walk';
import { nameTable } from './nameTable';

export type KafkaKind = 'conf' | 'topicConf' | 'producer' | 'kafkaConsumer' | 'consumer' | 'topic' | 'message' | 'queue';

export interface SetCall {
  call: Node;
  name: Node;
  value: Node | null;
  /** The function (key) the call is in. */
  fn: string;
}

export interface ClientCall {
  method: string;
  call: Node;
  fn: string;
  /** The receiver expression as written (`$producer`, `$this->topic`). */
  receiver: Node;
}

export interface KafkaObject {
  id: number;
  kind: KafkaKind;
  /** `new ...` node, the call that made it (newTopic, consume), or the typed parameter/property declaring it. */
  origin: Node;
  /** Allocated in this unit (`new`), as opposed to a typed parameter or property we only know the class of. */
  allocated: boolean;
  fn: string;
  sets: SetCall[];
  /** Conf objects a client was built from; TopicConfs a topic or conf got (newTopic 2nd arg, setDefaultTopicConf). */
  confs: Set<KafkaObject>;
  topicConfs: Set<KafkaObject>;
  /** For topics, messages and queues: the client they came from. */
  clients: Set<KafkaObject>;
  /** For confs: the clients built from them (directly or through setDefaultTopicConf / newTopic). */
  reaches: Set<KafkaObject>;
  calls: ClientCall[];
  /** Handed to code outside the unit, or set through a name we cannot read. */
  escaped: boolean;
  /** Known only from a type declaration. When the unit itself puts objects in a property or a private method's
   * parameter, the declaration adds nothing: those objects are all there is. */
  declared?: 'property' | 'privateParam' | 'param';
}

export interface FunctionInfo {
  key: string;
  node: Node;
  params: string[];
  /** Functions of this unit it calls (`$this->m()`, `self::m()`, `f()`). */
  callees: Set<string>;
}

export interface KafkaFlow {
  objects: KafkaObject[];
  functions: Map<string, FunctionInfo>;
  /** Objects an expression may hold (empty when unknown). */
  objectsOf(expr: Node | null | undefined, fn: string): Set<KafkaObject>;
  /** The function key a node is in. */
  fnOf(node: Node): string | null;
  /** Enclosing nodes of a node, innermost first (within the unit). */
  ancestors(node: Node): Node[];
  /** A `$var` or `$this->prop` that holds `obj` in function `fn`, as PHP source; null when none does. */
  holderIn(obj: KafkaObject, fn: string): string | null;
  /** Calls to each function of the unit, from inside the unit. */
  callSites: Map<string, Node[]>;
  /** The unit function a call goes to, or null. */
  calleeOf(call: Node): string | null;
}

const CLASS_KINDS = nameTable<KafkaKind>({
  conf: 'conf', topicconf: 'topicConf', producer: 'producer', kafkaconsumer: 'kafkaConsumer', consumer: 'consumer',
  producertopic: 'topic', kafkaconsumertopic: 'topic', consumertopic: 'topic', message: 'message', queue: 'queue',
});

/** Short names the file imports from the RdKafka namespace (`use RdKafka\Conf;`, `use RdKafka\{Conf, Producer}`). */
const importCache = new Map<string, Map<string, string>>();
export function rdkafkaImports(text: string): Map<string, string> {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const cached = importCache.get(head);
  if (cached) return cached;
  const out = new Map<string, string>();
  for (const m of head.matchAll(/\buse\s+\\?RdKafka\\(\w+)(?:\s+as\s+(\w+))?\s*;/gi)) out.set((m[2] ?? m[1]).toLowerCase(), m[1].toLowerCase());
  for (const m of head.matchAll(/\buse\s+\\?RdKafka\\\{([^}]{0,2000})\}/gi)) {
    for (const part of m[1].split(',')) {
      const pm = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/i.exec(part);
      if (pm) out.set((pm[2] ?? pm[1]).toLowerCase(), pm[1].toLowerCase());
    }
  }
  const inNamespace = /^\s*namespace\s+RdKafka\s*[;{]/im.test(head);
  if (inNamespace) for (const k of Object.keys(CLASS_KINDS)) out.set(k, k);
  if (importCache.size > 50) importCache.clear();
  importCache.set(head, out);
  return out;
}

/** The php-rdkafka class a name node denotes, or null. */
export function rdkafkaClass(name: Node | null | undefined, imports: Map<string, string>): KafkaKind | null {
  if (!name || name.kind !== 'name' || typeof name.name !== 'string') return null;
  const full = name.name.replace(/^\\/, '');
  const m = /^RdKafka\\(\w+)$/i.exec(full);
  const short = m ? m[1].toLowerCase() : !full.includes('\\') ? imports.get(full.toLowerCase()) : undefined;
  return short ? CLASS_KINDS[short] ?? null : null;
}

function typeNames(type: Node | null | undefined): Node[] {
  if (!type) return [];
  if (type.kind === 'name') return [type];
  if (type.kind === 'uniontype' || type.kind === 'intersectiontype') return (type.types ?? []).flatMap(typeNames);
  return [];
}

const NEW_TOPIC = new Set(['newtopic']);
const CONSUME = new Set(['consume', 'consumequeue']);

/** Builds the flow for one unit. Cheap: a few passes over the unit's nodes until the points-to sets stop growing. */
export function kafkaFlow(nodes: Node[], text: string): KafkaFlow {
  const imports = rdkafkaImports(text);
  const objects: KafkaObject[] = [];
  const byOrigin = new Map<Node, KafkaObject>();
  const functions = new Map<string, FunctionInfo>();
  const parentOf = new Map<Node, Node | null>();
  const fnOfNode = new Map<Node, string>();
  const locs = new Map<string, Set<KafkaObject>>();
  const returns = new Map<string, Set<KafkaObject>>();
  let changed = true;

  const make = (kind: KafkaKind, origin: Node, fn: string, allocated: boolean): KafkaObject => {
    let o = byOrigin.get(origin);
    if (!o) {
      o = { id: objects.length, kind, origin, allocated, fn, sets: [], confs: new Set(), topicConfs: new Set(), clients: new Set(), reaches: new Set(), calls: [], escaped: false };
      objects.push(o);
      byOrigin.set(origin, o);
      changed = true;
    }
    return o;
  };
  const add = (target: Set<KafkaObject>, from: Iterable<KafkaObject>) => {
    for (const o of from) if (!target.has(o)) { target.add(o); changed = true; }
  };
  const loc = (key: string) => {
    let s = locs.get(key);
    if (!s) locs.set(key, (s = new Set()));
    return s;
  };
  const ret = (fn: string) => {
    let s = returns.get(fn);
    if (!s) returns.set(fn, (s = new Set()));
    return s;
  };

  // Functions of the unit: methods by name, functions by name, the script as one; closures share their
  // enclosing function's variables (flow-insensitive, which only merges what `use` would pass anyway).
  const classProps: Array<{ name: string; type: Node | null; node: Node }> = [];
  const register = (key: string, node: Node) => {
    const params = (node.arguments ?? []).map((p: Node) => String(p.name?.name ?? p.name ?? ''));
    functions.set(key, { key, node, params, callees: new Set() });
  };
  const visitFn = (root: Node, key: string) => {
    walk(root, (n, parent) => {
      parentOf.set(n, parent);
      if (n !== root && (n.kind === 'method' || n.kind === 'function')) {
        const k = n.kind === 'method' ? `::${String(n.name?.name ?? n.name).toLowerCase()}` : String(n.name?.name ?? n.name).toLowerCase();
        register(k, n);
        for (const p of n.arguments ?? []) {
          parentOf.set(p, n);
          if (n.kind === 'method' && p.flags) classProps.push({ name: String(p.name?.name ?? p.name), type: p.type, node: p });
        }
        walk(n, (m, mp) => { parentOf.set(m, mp); fnOfNode.set(m, k); });
        parentOf.set(n, parent);
        return false;
      }
      if (n.kind === 'propertystatement') for (const p of n.properties ?? []) classProps.push({ name: String(p.name?.name ?? p.name), type: p.type, node: p });
      if (n !== root && n.kind === 'class') return false;
      fnOfNode.set(n, key);
    });
  };
  for (const node of nodes) {
    parentOf.set(node, null);
    if (node.kind === 'function') {
      const key = String(node.name?.name ?? node.name).toLowerCase();
      register(key, node);
      walk(node, (m, mp) => { parentOf.set(m, mp); fnOfNode.set(m, key); });
    } else visitFn(node, '<script>');
  }
  if (!functions.has('<script>')) functions.set('<script>', { key: '<script>', node: nodes[0], params: [], callees: new Set() });

  const varKey = (fn: string, name: string) => (name === 'this' ? 'this' : `${fn}$${name}`);
  const locKey = (expr: Node, fn: string): string | null => {
    const v = varName(expr);
    if (v) return varKey(fn, v);
    if (expr.kind === 'propertylookup' && varName(expr.what) === 'this') {
      const p = propName(expr);
      return p ? `this->${p}` : null;
    }
    if (expr.kind === 'staticlookup' && expr.what?.kind === 'selfreference' || expr.kind === 'staticlookup' && expr.what?.kind === 'staticreference') {
      const p = expr.offset?.kind === 'identifier' ? String(expr.offset.name) : null;
      return p ? `this->${p.replace(/^\$/, '')}` : null;
    }
    return null;
  };
  const localCallee = (call: Node): string | null => {
    const what = call.what;
    if (what?.kind === 'propertylookup' && varName(what.what) === 'this' && propName(what)) return `::${propName(what)!.toLowerCase()}`;
    if (what?.kind === 'staticlookup' && (what.what?.kind === 'selfreference' || what.what?.kind === 'staticreference') && what.offset?.kind === 'identifier') return `::${String(what.offset.name).toLowerCase()}`;
    if (what?.kind === 'name') {
      const k = String(what.name).replace(/^.*\\/, '').toLowerCase();
      return functions.has(k) ? k : null;
    }
    return null;
  };

  const objectsOf = (expr: Node | null | undefined, fn: string, depth = 0): Set<KafkaObject> => {
    const out = new Set<KafkaObject>();
    // Deeply nested `??`/ternary chains: nothing useful is that deep, and the JS stack must survive them.
    if (!expr || depth > 64) return out;
    switch (expr.kind) {
      case 'variable':
      case 'propertylookup':
      case 'staticlookup': {
        const key = locKey(expr, fn);
        const held = key ? locs.get(key) : undefined;
        if (!held) return out;
        const known = [...held].some((o) => !o.declared);
        for (const o of held) if (!(known && (o.declared === 'property' || o.declared === 'privateParam'))) out.add(o);
        return out;
      }
      case 'new': {
        const kind = rdkafkaClass(expr.what, imports);
        if (kind) out.add(make(kind, expr, fn, true));
        return out;
      }
      case 'assign':
        return objectsOf(expr.right, fn, depth + 1);
      case 'retif':
        for (const o of objectsOf(expr.trueExpr ?? expr.test, fn, depth + 1)) out.add(o);
        for (const o of objectsOf(expr.falseExpr, fn, depth + 1)) out.add(o);
        return out;
      case 'bin':
        if (expr.type === '??' || expr.type === '?:') {
          for (const o of objectsOf(expr.left, fn, depth + 1)) out.add(o);
          for (const o of objectsOf(expr.right, fn, depth + 1)) out.add(o);
        }
        return out;
      case 'parenthesis':
      case 'cast':
        return objectsOf(expr.inner ?? expr.what, fn, depth + 1);
      case 'call': {
        const callee = localCallee(expr);
        if (callee) {
          for (const o of returns.get(callee) ?? []) out.add(o);
          return out;
        }
        if (expr.what?.kind === 'propertylookup' || expr.what?.kind === 'nullsafepropertylookup') {
          const method = propName(expr.what)?.toLowerCase();
          const recv = objectsOf(expr.what.what, fn, depth + 1);
          for (const r of recv) {
            if (method && NEW_TOPIC.has(method) && ['producer', 'kafkaConsumer', 'consumer'].includes(r.kind)) {
              const t = make('topic', expr, fn, true);
              add(t.clients, [r]);
              out.add(t);
            } else if (method && CONSUME.has(method) && ['kafkaConsumer', 'topic', 'queue'].includes(r.kind)) {
              const m = make('message', expr, fn, true);
              add(m.clients, r.kind === 'kafkaConsumer' ? [r] : r.clients);
              out.add(m);
            } else if (method === 'newqueue' && r.kind === 'consumer') {
              const q = make('queue', expr, fn, true);
              add(q.clients, [r]);
              out.add(q);
            }
          }
        }
        return out;
      }
      default:
        return out;
    }
  };

  // Typed parameters and properties: we know the class but not where the object came from.
  for (const [key, info] of functions) {
    for (const p of info.node?.arguments ?? []) {
      if (p.kind !== 'parameter') continue;
      for (const t of typeNames(p.type)) {
        const kind = rdkafkaClass(t, imports);
        if (!kind) continue;
        const o = make(kind, p, key, false);
        o.declared = info.node?.kind === 'method' && info.node.visibility === 'private' ? 'privateParam' : 'param';
        loc(varKey(key, String(p.name?.name ?? p.name))).add(o);
      }
    }
  }
  for (const prop of classProps) {
    for (const t of typeNames(prop.type)) {
      const kind = rdkafkaClass(t, imports);
      if (!kind) continue;
      const o = make(kind, prop.node, '::', false);
      o.declared = 'property';
      loc(`this->${prop.name}`).add(o);
    }
  }

  const fnOf = (n: Node): string => fnOfNode.get(n) ?? '<script>';
  const allNodes: Node[] = [];
  for (const n of parentOf.keys()) allNodes.push(n);

  // Promoted constructor parameters are properties too.
  const promoted = classProps.filter((p) => p.node.kind === 'parameter');

  for (let round = 0; changed && round < 12; round++) {
    changed = false;
    for (const n of allNodes) {
      const fn = fnOf(n);
      if (n.kind === 'assign' && (n.operator === '=' || n.operator === '??=')) {
        const key = locKey(n.left, fn);
        const from = objectsOf(n.right, fn);
        if (key) add(loc(key), from);
      } else if (n.kind === 'return' && n.expr) {
        add(ret(fn), objectsOf(n.expr, fn));
      } else if (n.kind === 'call' || n.kind === 'new') {
        const callee = n.kind === 'call' ? localCallee(n) : null;
        const target = callee ? functions.get(callee) : null;
        if (callee && target) functions.get(fn)?.callees.add(callee);
        (n.arguments ?? []).forEach((arg: Node, i: number) => {
          const objs = objectsOf(arg, fn);
          if (!objs.size) return;
          if (target) {
            const param = target.params[i];
            if (param) add(loc(varKey(callee!, param)), objs);
            return;
          }
          if (n.kind === 'new') {
            const kind = rdkafkaClass(n.what, imports);
            const client = kind && ['producer', 'kafkaConsumer', 'consumer'].includes(kind) ? make(kind, n, fn, true) : null;
            if (client && i === 0) {
              for (const c of objs) if (c.kind === 'conf') { add(client.confs, [c]); add(c.reaches, [client]); }
              return;
            }
          }
          const method = n.kind === 'call' && (n.what?.kind === 'propertylookup' || n.what?.kind === 'nullsafepropertylookup') ? propName(n.what)?.toLowerCase() : null;
          const recv = method ? objectsOf(n.what.what, fn) : new Set<KafkaObject>();
          const known = [...recv].some((r) => r.kind !== 'message');
          if (method === 'setdefaulttopicconf' && known) {
            for (const r of recv) if (r.kind === 'conf') add(r.topicConfs, objs);
            return;
          }
          if (method === 'newtopic' && i === 1 && known) {
            for (const o of objectsOf(n, fn)) add(o.topicConfs, objs);
            return;
          }
          // A call whose argument is our object, into code we do not see (or a client method taking it).
          if (known && ['produce', 'producev', 'consumestart', 'consumequeuestart', 'assign', 'subscribe', 'commit', 'commitasync', 'offsetstore', 'storeoffsets'].includes(method ?? '')) return;
          for (const o of objs) if (!o.escaped) { o.escaped = true; changed = true; }
        });
      }
    }
    for (const p of promoted) {
      const ctor = functions.get('::__construct');
      if (ctor) add(loc(`this->${p.name}`), locs.get(varKey('::__construct', p.name)) ?? []);
    }
  }

  // Returned to callers outside the unit: whoever calls it may flush, commit or configure it.
  const called = new Set<string>();
  for (const f of functions.values()) for (const c of f.callees) called.add(c);
  for (const [fn, set] of returns) if (!called.has(fn)) for (const o of set) o.escaped = true;

  // Method calls on the objects, with the set() calls on confs.
  for (const n of allNodes) {
    if (n.kind !== 'call' || !(n.what?.kind === 'propertylookup' || n.what?.kind === 'nullsafepropertylookup')) continue;
    const method = propName(n.what)?.toLowerCase();
    if (!method) continue;
    const fn = fnOf(n);
    for (const o of objectsOf(n.what.what, fn)) {
      if ((o.kind === 'conf' || o.kind === 'topicConf') && method === 'set') {
        const [name, value] = n.arguments ?? [];
        if (name) o.sets.push({ call: n, name, value: value ?? null, fn });
      } else o.calls.push({ method, call: n, fn, receiver: n.what.what });
    }
  }
  // Reach: topic confs reach the clients of their topics and of the confs they are the default of.
  for (const o of objects) {
    if (o.kind === 'topic') for (const tc of o.topicConfs) for (const c of o.clients) tc.reaches.add(c);
    if (o.kind === 'conf') for (const tc of o.topicConfs) for (const c of o.reaches) tc.reaches.add(c);
  }

  const ancestors = (node: Node): Node[] => {
    const out: Node[] = [];
    let p = parentOf.get(node) ?? null;
    while (p) { out.push(p); p = parentOf.get(p) ?? null; }
    return out;
  };

  const only = (set: Set<KafkaObject>, obj: KafkaObject) => set.has(obj) && [...set].every((o) => o === obj || o.declared);
  const holderIn = (obj: KafkaObject, fn: string): string | null => {
    for (const [key, set] of locs) if (only(set, obj) && key.startsWith(`${fn}$`)) return '$' + key.slice(fn.length + 1);
    if (fn.startsWith('::')) for (const [key, set] of locs) if (only(set, obj) && key.startsWith('this->')) return '$' + key;
    return null;
  };

  const callSites = new Map<string, Node[]>();
  for (const n of allNodes) {
    const c = n.kind === 'call' ? localCallee(n) : null;
    if (c && functions.has(c)) {
      if (!callSites.has(c)) callSites.set(c, []);
      callSites.get(c)!.push(n);
    }
  }

  return { objects, functions, objectsOf, fnOf: (n) => fnOfNode.get(n) ?? (parentOf.has(n) ? '<script>' : null), ancestors, holderIn, callSites, calleeOf: (call) => { const c = localCallee(call); return c && functions.has(c) ? c : null; } };
}

/** The loops a node runs in: loops around it in its own function, and loops around the calls to that function
 * from elsewhere in the unit (a helper called once per iteration runs in that loop too). */
export function loopsAround(flow: KafkaFlow, node: Node, depth = 0): Node[] {
  const out: Node[] = [];
  for (const a of flow.ancestors(node)) {
    if (FUNCTION_LIKE.has(a.kind) && a.kind !== 'closure' && a.kind !== 'arrowfunc') break;
    if (LOOPS.has(a.kind)) out.push(a);
  }
  const fn = flow.fnOf(node);
  if (fn && depth < 3) for (const site of flow.callSites.get(fn) ?? []) if (site !== node) out.push(...loopsAround(flow, site, depth + 1));
  return out;
}

/** Whether `node` lies inside `outer` (by offsets). */
export function within(node: Node, outer: Node): boolean {
  return !!node.loc && !!outer.loc && node.loc.start.offset >= outer.loc.start.offset && node.loc.end.offset <= outer.loc.end.offset;
}

/** Unit functions that run when `region` runs: those called from inside it, transitively. */
export function functionsRunBy(flow: KafkaFlow, region: Node): Set<string> {
  const out = new Set<string>();
  walk(region, (n) => {
    if (n.kind === 'call') {
      const c = flow.calleeOf(n);
      if (c) for (const f of reachableFunctions(flow, c)) out.add(f);
    }
  });
  return out;
}

/** Function keys reachable from `fn` through calls inside the unit (itself included). */
export function reachableFunctions(flow: KafkaFlow, fn: string): Set<string> {
  const seen = new Set<string>([fn]);
  const queue = [fn];
  while (queue.length) {
    const f = queue.pop()!;
    for (const c of flow.functions.get(f)?.callees ?? []) if (!seen.has(c)) { seen.add(c); queue.push(c); }
  }
  return seen;
}

export const LOOPS = new Set(['while', 'do', 'for', 'foreach']);

export { FUNCTION_LIKE };
