// Where containers grow and where they are trimmed: shared by the accumulation and loop-growth rules. A container is
// named by a key that ignores offsets: `$buf`, `$this->buf`, `::cache` (self::/static::/Class::$cache),
// `$GLOBALS[x]`.
import type { Node } from './parse';
import { walkScope, varName, propName, calleeName, FUNCTION_LIKE } from './walk';
import { rememberedPerUnit } from './modelIndex';

/** Key of a container expression (offsets stripped), or null when it is not a stable place. */
export function containerKey(n: Node | null | undefined): string | null {
  let e = n;
  while (e?.kind === 'offsetlookup') {
    // $GLOBALS['x'][...]: the global x.
    if (varName(e.what) === 'GLOBALS' && e.offset?.kind === 'string') return `global:${e.offset.value}`;
    e = e.what;
  }
  if (!e) return null;
  const name = varName(e);
  if (name === 'GLOBALS') return null;
  if (name) return `$${name}`;
  if (e.kind === 'propertylookup' || e.kind === 'nullsafepropertylookup') {
    const base = containerKey(e.what);
    const prop = propName(e);
    return base && prop ? `${base}->${prop}` : null;
  }
  if (e.kind === 'staticlookup' && e.offset?.kind === 'variable' && typeof e.offset.name === 'string') {
    return `::${e.offset.name}`;
  }
  return null;
}

export interface GrowthWrite {
  node: Node;
  key: string;
  /** `[]=`, `[$k]=` (with the key node), `.=`, or `array_push`. */
  how: 'append' | 'keyed' | 'concat' | 'push';
  keyNode: Node | null;
  /** The container expression as written (without the growing offset). */
  target: Node;
}

/** Writes that grow a container, in a subtree (nested functions excluded). */
export function growthWrites(root: Node): GrowthWrite[] {
  if (isClassLike(root)) return methodBodies(root).flatMap(growthWrites);
  const out: GrowthWrite[] = [];
  walkScope(root, (n) => {
    if (n !== root && (FUNCTION_LIKE.has(n.kind) || n.kind === 'class')) return false;
    if (n.kind === 'assign' && (n.operator === '=' || n.operator === '??=') && n.left?.kind === 'offsetlookup') {
      const key = containerKey(n.left.what);
      if (key) out.push({ node: n, key, how: n.left.offset ? 'keyed' : 'append', keyNode: n.left.offset || null, target: n.left.what });
    } else if (n.kind === 'assign' && n.operator === '.=') {
      const key = containerKey(n.left);
      if (key && n.left.kind !== 'offsetlookup') out.push({ node: n, key, how: 'concat', keyNode: null, target: n.left });
    } else if (n.kind === 'call' && calleeName(n) === 'array_push' && n.arguments?.[0]) {
      const key = containerKey(n.arguments[0]);
      if (key) out.push({ node: n, key, how: 'push', keyNode: null, target: n.arguments[0] });
    }
    return undefined;
  });
  return out;
}

function isClassLike(n: Node): boolean {
  return n.kind === 'class' || n.kind === 'trait' || n.kind === 'enum';
}

/** A class's method bodies: static containers are shared by all of them. */
function methodBodies(cls: Node): Node[] {
  return (cls.body ?? []).filter((m: Node) => m.kind === 'method' && m.body).map((m: Node) => m.body);
}

const TRIMMING_CALLS = new Set(['array_shift', 'array_pop', 'array_splice', 'array_slice', 'array_filter', 'count',
  'sizeof', 'array_key_first', 'array_key_last']);

/** Whether a subtree trims, resets or size-checks the container: reassigning it, unsetting it or an element,
 * `array_shift`/`array_pop`/`array_splice`, or `count()` (a bounded cache checks its size). */
export function hasEviction(root: Node, key: string): boolean {
  if (isClassLike(root)) return methodBodies(root).some((b) => hasEviction(b, key));
  let found = false;
  walkScope(root, (n) => {
    if (found) return false;
    if (n !== root && (FUNCTION_LIKE.has(n.kind) || n.kind === 'class')) {
      // Eviction may sit in a closure (a timer that flushes), which still runs in this process.
      if (n.kind === 'closure' || n.kind === 'arrowfunc') { if (hasEviction(n.body, key)) found = true; }
      return false;
    }
    if ((n.kind === 'assign' || n.kind === 'assignref') && n.operator !== '.=' && containerKey(n.left) === key && n.left.kind !== 'offsetlookup') found = true;
    else if ((n.kind === 'assign') && n.operator === '=' && n.left?.kind !== 'offsetlookup' && containerKey(n.left) === key) found = true;
    else if (n.kind === 'unset' && (n.variables ?? []).some((v: Node) => containerKey(v) === key)) found = true;
    else if (n.kind === 'call' && TRIMMING_CALLS.has(calleeName(n) ?? '') && (n.arguments ?? []).some((a: Node) => containerKey(a) === key)) found = true;
    else if (n.kind === 'call' && n.what?.kind === 'propertylookup' && /^(flush|clear|reset|truncate|evict|prune|gc)/i.test(propName(n.what) ?? '')) {
      // `$this->flush()` / `$this->clearCache()`: the class empties its own state there.
      if (key.startsWith('$this->') && varName(n.what.what) === 'this') found = true;
    }
    return !found;
  });
  return found;
}

/** Names of values that come from outside the code (requests, messages, user text, time): one new key per distinct
 * input. Deliberately narrow: `$id`, `$key`, `$name`, `$slug` are as often code identifiers (widget ids, message keys,
 * class names) as data, and a cache keyed by those stays bounded. */
const DATA_NAME = /(^|_)(url|urls|uri|href|sql|query|queries|text|wikitext|input|email|token|hash|digest|content|payload|host|hostname|ip|ips|address|request|timestamp|search|term|useragent|user_agent|referer|headers?)$/i;
/** Calls whose result is new for every call: time, randomness. (Object ids are not here: PHP reuses them, so a cache
 * keyed by them is bounded by the live objects, stale but not growing.) */
const DATA_CALLS = /^(microtime|time|hrtime|uniqid|random_bytes|random_int|mt_rand|rand|wfrandomstring)$/;
/** Calls that carry their arguments' nature into the key. */
const KEY_CALLS = /^(md5|sha1|crc32|hash|hash_hmac|serialize|json_encode|strtolower|strtoupper|trim|implode|sprintf|strval|intval|base64_encode|bin2hex|rawurlencode|urlencode)$/;

function dataName(name: string): boolean {
  // camelCase: `$requestIp` -> "request_ip".
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return DATA_NAME.test(snake);
}

/** Whether a cache key comes from data (URLs, user text, IPs, hashes, time): a new key per distinct input, with no
 * bound. `assigned` finds what a key variable was assigned in the same function, so `$id = static::class` stays
 * bounded and `$key = md5($text)` is data. */
export function isDataKey(key: Node | null | undefined, assigned?: (name: string) => Node[], depth = 0): boolean {
  if (!key || depth > 3) return false;
  switch (key.kind) {
    case 'variable': {
      if (typeof key.name !== 'string') return false;
      if (dataName(key.name)) return true;
      return (assigned?.(key.name) ?? []).some((src) => isDataKey(src, assigned, depth + 1));
    }
    case 'propertylookup': case 'nullsafepropertylookup': return dataName(propName(key) ?? '');
    case 'offsetlookup': return key.offset?.kind === 'string' ? dataName(String(key.offset.value)) : false;
    case 'encapsed': return (key.value ?? []).some((p: Node) => isDataKey(p.kind === 'encapsedpart' ? p.expression : p, assigned, depth + 1));
    case 'bin': return key.type === '.' && (isDataKey(key.left, assigned, depth + 1) || isDataKey(key.right, assigned, depth + 1));
    case 'cast': return isDataKey(key.expr, assigned, depth + 1);
    case 'call': {
      const fn = calleeName(key) ?? '';
      if (DATA_CALLS.test(fn)) return true;
      if (KEY_CALLS.test(fn)) return (key.arguments ?? []).some((a: Node) => isDataKey(a, assigned, depth + 1));
      return false;
    }
    default: return false;
  }
}

/** Assignments to each variable of a function body, for key provenance (foreach-bound keys count as assigned from
 * their source, which is never data by itself). */
export function assignmentsIn(body: Node | null | undefined): (name: string) => Node[] {
  // Asked once per growing write, most of which never look a variable up: the body is walked at the first name
  // asked for, once per analysis of the unit (a class's writes share their method's walk).
  let map: Map<string, Node[]> | undefined;
  return (name) => (map ??= body ? assignmentsOfBody(body) : new Map()).get(name) ?? [];
}

const assignmentsOfBody = rememberedPerUnit((body: Node): Map<string, Node[]> => {
  const map = new Map<string, Node[]>();
  walkScope(body, (n) => {
    if (n !== body && (FUNCTION_LIKE.has(n.kind) || n.kind === 'class')) return false;
    if (n.kind === 'assign' && n.left?.kind === 'variable' && typeof n.left.name === 'string') {
      const list = map.get(n.left.name) ?? [];
      list.push(n.operator === '=' ? n.right : n.left);
      map.set(n.left.name, list);
    }
    if (n.kind === 'foreach') {
      for (const v of [n.key, n.value]) if (v?.kind === 'variable' && typeof v.name === 'string') {
        const list = map.get(v.name) ?? [];
        list.push({ kind: 'nullkeyword' });
        map.set(v.name, list);
      }
    }
    return undefined;
  });
  return map;
});

/** The keys of a write path below the container: `$c[$a][$b][] = ...` -> [$a, $b, null]. */
export function keyPath(left: Node): Array<Node | null> {
  const keys: Array<Node | null> = [];
  let e = left;
  while (e?.kind === 'offsetlookup') { keys.unshift(e.offset || null); e = e.what; }
  return keys;
}

/** Containers whose name says they collect per-event data: logs, histories, "seen" sets. */
const COLLECTING_NAME = /(log|logs|debug|errors?|quer(y|ies)|messages|history|trace|traces|events|seen|processed|handled|used_ids|visited|instances)$/i;

/** Whether the write grows without bound: the first key below the container is data (URLs, user text, hashes,
 * time), or it appends `$this` (every instance kept) or to a container named like a log / "seen" set. Appends to
 * registries (`$menu[] = ...`, `static::$macros[] = $callback`) and keys from code stay silent. */
export function isUnboundedWrite(w: GrowthWrite, fn: Node | null): boolean {
  const left = w.node.kind === 'assign' ? w.node.left : null;
  const keys = left ? keyPath(left) : [null];
  if (w.key.startsWith('global:')) keys.shift(); // $GLOBALS['name'][...]: the first offset names the global
  const first = keys[0] ?? null;
  if (first === null) {
    const value = w.node.kind === 'assign' ? w.node.right : w.node.arguments?.[1];
    if (value?.kind === 'variable' && value.name === 'this') return true;
    const name = w.key.replace(/^.*(::|\$|->|global:)/, '');
    return COLLECTING_NAME.test(name);
  }
  return isDataKey(first, assignmentsIn(fn?.body));
}
