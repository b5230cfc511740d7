// Where containers grow and where they are trimmed: shared by the accumulation and loop-growth rules. A container is
// named by a key that ignores offsets: `$buf`, `$this->buf`, `::cache` (self::/static::/Class::$cache),
// `$GLOBALS[x]`.
import type { Node } from './parse';
import { walkScope, varName, propName, calleeName, FUNCTION_LIKE } from './walk';

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

/** Names of values that come from data (requests, messages, rows, user input) rather than from code. */
const DATA_NAME = /(^|_)(id|ids|uuid|guid|url|uri|href|link|sql|query|text|string|str|value|input|title|slug|email|mail|token|hash|digest|content|body|payload|message|msg|request|host|ip|user|username|login|session|sid|word|term|search|filename|line|row|record|item|entry|data|json|xml|html|markup|subject|address|phone|amount|price|date|time|timestamp|key|keys|cachekey|cache_key)$/i;

function dataName(name: string): boolean {
  // camelCase: `$userId` -> "user_id".
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return DATA_NAME.test(snake);
}

/** Whether a cache key comes from data (ids, URLs, user text, hashes of them): a new key per distinct input, with
 * no bound. Keys from code (class and method names, constants, configuration names) stay bounded. */
export function isDataKey(key: Node | null | undefined): boolean {
  if (!key) return false;
  switch (key.kind) {
    case 'variable': return typeof key.name === 'string' && dataName(key.name);
    case 'propertylookup': case 'nullsafepropertylookup': return dataName(propName(key) ?? '');
    case 'offsetlookup': return key.offset?.kind === 'string' ? dataName(String(key.offset.value)) : isDataKey(key.what);
    case 'encapsed': return (key.value ?? []).some((p: Node) => isDataKey(p.kind === 'encapsedpart' ? p.expression : p));
    case 'bin': return key.type === '.' && (isDataKey(key.left) || isDataKey(key.right));
    case 'cast': return isDataKey(key.expr);
    case 'call': {
      const fn = calleeName(key) ?? '';
      if (/^(md5|sha1|crc32|hash|serialize|json_encode|strtolower|strtoupper|trim|spl_object_hash|spl_object_id|implode|sprintf)$/.test(fn)) {
        // Object ids are reused after the object dies, but the entry (and whatever it holds) is never dropped.
        if (fn === 'spl_object_hash' || fn === 'spl_object_id') return true;
        return (key.arguments ?? []).some(isDataKey);
      }
      return false;
    }
    default: return false;
  }
}

/** The keys of a write path below the container: `$c[$a][$b][] = ...` -> [$a, $b, null]. */
export function keyPath(left: Node): Array<Node | null> {
  const keys: Array<Node | null> = [];
  let e = left;
  while (e?.kind === 'offsetlookup') { keys.unshift(e.offset || null); e = e.what; }
  return keys;
}

/** Whether the write grows without bound: keyed by data at some level, or appended to, unless the path first goes
 * through a key from code (`$byClass[$class][] = ...`: one list per class) or the appended value is a bare
 * parameter of a registration method (`static::$macros[] = $callback`, called from boot code). */
export function isUnboundedWrite(w: GrowthWrite, fn: Node | null): boolean {
  const left = w.node.kind === 'assign' ? w.node.left : null;
  const keys = left ? keyPath(left) : [null];
  if (w.key.startsWith('global:')) keys.shift(); // $GLOBALS['name'][...]: the first offset names the global
  for (const k of keys) {
    if (k === null) {
      const value = w.node.kind === 'assign' ? w.node.right : w.node.arguments?.[1];
      const param = value?.kind === 'variable' && (fn?.arguments ?? []).some((a: Node) => String(a.name?.name ?? a.name) === value.name);
      return !param;
    }
    return isDataKey(k);
  }
  return false;
}
