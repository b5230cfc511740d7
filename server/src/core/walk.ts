// Generic traversal of php-parser nodes. Children are found by shape (any field holding a node or an array of
// nodes); the fields each kind has come from php-parser itself (parse.ts's fieldsOfKinds), so new node kinds from
// the parser are walked without a table to keep in sync.
import { fieldsOfKinds, type Node } from './parse';

/** Properties of a php-parser node that never hold its children. */
const NOT_CHILD_KEYS: ReadonlySet<string> = new Set(['loc', 'leadingComments', 'trailingComments', 'kind', 'errors', 'comments', 'tokens']);

/** Per kind, the fields that may hold children, in Object.keys order. */
export const CHILD_KEYS: ReadonlyMap<string, readonly string[]> = new Map(
  [...fieldsOfKinds()].map(([kind, keys]) => [kind, keys.filter((k) => !NOT_CHILD_KEYS.has(k))]),
);

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).kind === 'string';
}

export function children(node: Node): Node[] {
  const out: Node[] = [];
  forEachChild(node, (child) => out.push(child));
  return out;
}

/** Calls `visit` with each child node in source order, allocating nothing: every rule walks every unit. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const keys = CHILD_KEYS.get(node.kind) ?? childKeysOf(node);
  for (let k = 0; k < keys.length; k++) {
    const value = node[keys[k]];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (isNode(value[i])) visit(value[i]);
    } else if (isNode(value)) visit(value);
  }
}

/** A node of a kind php-parser does not list (one a rule made up): its own keys. `for...in` would also visit
 * php-parser's enumerable prototype members (2.6x slower). */
function childKeysOf(node: Node): string[] {
  return Object.keys(node).filter((k) => !NOT_CHILD_KEYS.has(k));
}

/** Pushes the children of `node` onto `stack` last first, so that popping gives them in source order; returns how
 * many. The explicit-stack walks (descend, the unit index) call this rather than forEachChild: no callback and no
 * reversal per node. */
export function pushChildrenReversed(node: Node, stack: Node[]): number {
  const keys = CHILD_KEYS.get(node.kind) ?? childKeysOf(node);
  const from = stack.length;
  for (let k = keys.length - 1; k >= 0; k--) {
    const value = node[keys[k]];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i]);
    } else if (isNode(value)) stack.push(value);
  }
  return stack.length - from;
}

/** Depth-first over `root`, parents before children, with explicit stacks (100,000-deep user code must not
 * overflow the JS stack). `enter` gets each node with the state its parent's `enter` returned (`rootState` for the
 * root) and returns the state for the node's children, or false to skip them. */
export function descend<T>(root: Node, rootState: T, enter: (node: Node, state: T) => T | false): void {
  const nodes: Node[] = [root];
  const states: T[] = [rootState];
  while (nodes.length) {
    const node = nodes.pop()!;
    const next = enter(node, states.pop()!);
    if (next === false) continue;
    for (let n = pushChildrenReversed(node, nodes); n > 0; n--) states.push(next);
  }
}

/** Visits every node depth-first, parents before children. Return false from `enter` to skip a subtree. */
export function walk(node: Node, enter: (node: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  descend<Node | null>(node, parent, (current, up) => (enter(current, up) === false ? false : current));
}

export const FUNCTION_LIKE = new Set(['function', 'method', 'closure', 'arrowfunc']);
export const DECLARATIONS = new Set(['class', 'interface', 'trait', 'enum', 'function']);

/** Walks a body without descending into nested functions, closures or classes (their own scopes). */
export function walkScope(node: Node, enter: (node: Node, parent: Node | null) => boolean | void): void {
  walk(node, (n, p) => {
    if (n !== node && (FUNCTION_LIKE.has(n.kind) || n.kind === 'class')) {
      enter(n, p);
      return false;
    }
    return enter(n, p);
  });
}

/** The node's range. With the text, a trailing `;` is left out: php-parser ends an expression after its
 * statement's semicolon, but the squiggle belongs under the expression. */
export function span(node: Node, text?: string): { start: number; end: number } {
  const start = node.loc?.start.offset ?? 0;
  let end = node.loc?.end.offset ?? 0;
  if (text && node.kind !== 'expressionstatement') {
    while (end > start && /[;\s]/.test(text[end - 1])) end--;
  }
  return { start, end };
}

/** `$name` for a plain variable node, else null (variable variables, `${expr}`). */
export function varName(node: Node | null | undefined): string | null {
  return node && node.kind === 'variable' && typeof node.name === 'string' ? node.name : null;
}

/** Lower-cased simple name of a call's callee: `foo()` -> "foo", `\Foo\bar()` -> "bar"; null for dynamic calls. */
export function calleeName(call: Node): string | null {
  const what = call.what;
  if (what?.kind === 'name') return String(what.name).replace(/^.*\\/, '').toLowerCase();
  return null;
}

/** Name of a property lookup's property when it is a plain identifier. */
export function propName(lookup: Node): string | null {
  const off = lookup.offset;
  if (off?.kind === 'identifier') return String(off.name);
  return null;
}
