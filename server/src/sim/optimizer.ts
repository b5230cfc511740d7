// What opcache's optimizer (Zend/Optimizer/sccp.c, ct_eval_func_call) does to values before the script runs:
// calls of compile-time-evaluable built-ins whose arguments are all constant are replaced by their result, which
// becomes an interned string or an immutable array (no refcount, no memory at run time). Verified one by one on
// php8.2 with opcache.enable_cli=1: the functions below fold; sprintf, str_pad, number_format, range, array_slice,
// array_reverse, array_combine, array_fill(_keys), md5, json_encode, basename and (string) of a float do not.
import type { Node } from '../core/parse.js';
import type { Machine } from './machine.js';
import type { FuncDef } from './functions.js';
import { isArray, isZString, type Slot, type Zval } from './zval.js';

const FOLDABLE = new Set([
  'str_repeat', 'strtoupper', 'strtolower', 'ucfirst', 'lcfirst', 'ucwords', 'trim', 'ltrim', 'rtrim', 'substr',
  'implode', 'strrev', 'str_replace', 'bin2hex', 'hex2bin', 'dechex', 'base64_encode', 'nl2br', 'dirname', 'strval',
  'array_merge', 'array_keys', 'array_values', 'array_flip', 'array_unique', 'explode', 'str_split',
]);

/** Engine constants the compiler substitutes (user constants are looked up at run time). */
const ENGINE_CONSTANTS = new Set(['PHP_EOL', 'PHP_INT_MAX', 'PHP_INT_SIZE', 'PHP_VERSION', 'PHP_MAJOR_VERSION', 'PHP_MINOR_VERSION']);

/** str_repeat is folded only below 64 KiB (sccp avoids building large strings at compile time). */
const MAX_FOLDED_REPEAT = 64 * 1024;

function literal(n: Node): boolean {
  switch (n.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'nullkeyword':
    case 'nowdoc':
      return true;
    case 'unary':
      return n.type === '-' && n.what.kind === 'number';
    case 'encapsed':
      return (n.value as Node[]).every((p) => p.expression.kind === 'string');
    case 'array':
      return (n.items as Node[]).every((it) => it && !it.byRef && !it.unpack && (!it.key || literal(it.key)) && literal(it.value));
    case 'parenthesis':
      return literal(n.inner);
  }
  return false;
}

/** A literal as the compiler stores it (scalars, literal arrays of them). */
export function isLiteral(n: Node): boolean {
  return literal(n);
}

/** A constant expression under opcache: literals, engine constants, `.`, (string) casts of non-floats, and
 * foldable calls of those. */
function constant(m: Machine, n: Node): boolean {
  if (literal(n)) return true;
  switch (n.kind) {
    case 'name': {
      const name = String(n.name).replace(/^\\/, '');
      return ENGINE_CONSTANTS.has(name);
    }
    case 'bin':
      return n.type === '.' && constant(m, n.left) && constant(m, n.right);
    case 'cast':
      return n.type === 'string' && constant(m, n.expr) && !(n.expr.kind === 'number' && /[.eE]/.test(n.expr.value));
    case 'parenthesis':
      return constant(m, n.inner);
    case 'array':
      return (n.items as Node[]).every((it) => it && !it.byRef && !it.unpack && (!it.key || constant(m, it.key)) && constant(m, it.value));
    case 'call': {
      if (n.what.kind !== 'name') return false;
      const candidates: string[] = n.what.fqFunc ?? [String(n.what.name).replace(/^\\/, '')];
      const user = inlinableFunction(m, n);
      if (user) return (n.arguments as Node[]).every((a) => constant(m, a));
      const name = candidates[candidates.length - 1].toLowerCase();
      // A user function of the same name (or a namespaced one that could shadow it) is never folded.
      // Unqualified calls inside a namespace are resolved at run time (INIT_NS_FCALL_BY_NAME): never folded.
      if (candidates.length > 1 || !FOLDABLE.has(name) || m.functions.has(name)) return false;
      const args = n.arguments as Node[];
      if (!args.every((a) => a.kind !== 'variadic' && a.kind !== 'namedargument' && a.kind !== 'variadicplaceholder' && constant(m, a))) return false;
      if (name === 'str_repeat') {
        const [s, t] = args;
        const len = s.kind === 'string' ? s.value.length : NaN;
        const times = t?.kind === 'number' ? Number(t.value) : NaN;
        return len * times < MAX_FOLDED_REPEAT;
      }
      return true;
    }
  }
  return false;
}

/** A value computed at compile time: strings interned, arrays immutable, nothing charged to memory. */
function intern(m: Machine, v: Slot): Zval {
  if (isZString(v)) {
    m.memory -= v.size;
    v.dead = true;
    return v.s;
  }
  if (isArray(v) && !v.immutable) {
    m.memory -= v.size;
    v.size = 0;
    v.immutable = true;
    for (const [k, s] of v.ht) v.ht.set(k, intern(m, s));
  }
  return v as Zval;
}

const folded = new WeakMap<Node, { v: Zval } | null>();
const folding = new WeakSet<Node>();

/** The folded value of `n` under opcache, or undefined when `n` runs at run time. `evaluate` computes it once. */
export function foldedValue(m: Machine, n: Node, evaluate: (n: Node) => Zval): Zval | undefined {
  if (!m.opts.opcache || folding.has(n)) return undefined;
  let f = folded.get(n);
  if (f === undefined) {
    f = null;
    if (constant(m, n) && !literal(n)) {
      folding.add(n);
      try {
        f = { v: intern(m, evaluate(n)) };
      } finally {
        folding.delete(n);
      }
    }
    folded.set(n, f);
  }
  return f ? f.v : undefined;
}

/** zend_try_inline_call: a user function whose first instruction after receiving its parameters returns a
 * constant (`return 1;`, `return [..];`, an empty body) is not called at all under opcache; its arguments are
 * evaluated and dropped. Not for functions with type declarations, by-reference parameters or variadics, nor when
 * optional parameters are left out. */
export function inlinableFunction(m: Machine, call: Node): FuncDef | null {
  if (!m.opts.opcache || call.what.kind !== 'name') return null;
  const candidates: string[] = call.what.fqFunc ?? [String(call.what.name).replace(/^\\/, '')];
  // INIT_NS_FCALL_BY_NAME is resolved by the optimizer through its namespaced name only.
  const f = m.functions.get(candidates[0].toLowerCase());
  if (!f || !f.node || f.kind !== 'function' || !f.body) return null;
  const node = f.node;
  if (node.type || f.byRefReturn || f.params.some((p) => p.type || p.byRef || p.variadic)) return null;
  const args = call.arguments as Node[];
  if (args.some((a) => a.kind === 'variadic' || a.kind === 'namedargument' || a.kind === 'variadicplaceholder')) return null;
  if (args.length < f.params.length) return null;
  const first = f.body[0];
  if (!first) return f;
  if (first.kind !== 'return' || (first.expr && !literal(first.expr))) return null;
  return f;
}
