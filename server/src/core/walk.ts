// Generic traversal of php-parser nodes. Children are found by shape (any property holding a node or an array of
// nodes), so new node kinds from the parser are walked without a table to keep in sync.
import type { Node } from './parse';

const SKIP = new Set(['loc', 'leadingComments', 'trailingComments', 'kind', 'errors', 'comments', 'tokens']);

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).kind === 'string';
}

export function children(node: Node): Node[] {
  const out: Node[] = [];
  // Own keys only: `for...in` also visits php-parser's enumerable prototype members on every node (2.6x slower).
  for (const key of Object.keys(node)) {
    if (SKIP.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

/** Visits every node depth-first, parents before children. Return false from `enter` to skip a subtree. */
export function walk(node: Node, enter: (node: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  // An explicit stack: deeply nested user code (100,000 levels) must not overflow the JS stack.
  const stack: Array<[Node, Node | null]> = [[node, parent]];
  while (stack.length) {
    const [current, up] = stack.pop()!;
    if (enter(current, up) === false) continue;
    const kids = children(current);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], current]);
  }
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
