// Facts about a function's variables that decide whether a name is a plain local: PHP frees a plain local's value at
// return, while references, globals and statics share their value with something that outlives the call.
import type { Node } from './parse';
import { walkScope, varName, calleeName } from './walk';
import { usesVariable } from './nodes';

export interface ScopeFacts {
  /** Names bound to a reference, a global or a static somewhere in the function. */
  shared: Set<string>;
  /** `$$name`, `compact()`, `extract()`, `get_defined_vars()`, `eval`: names are not reliable. */
  dynamic: boolean;
  /** The function contains `yield`. */
  generator: boolean;
}

const DYNAMIC_CALLS = new Set(['compact', 'extract', 'get_defined_vars', 'parse_str']);

export function scopeFacts(fn: Node | null, statements: Node[]): ScopeFacts {
  const facts: ScopeFacts = { shared: new Set(), dynamic: false, generator: false };
  for (const p of fn?.arguments ?? []) if (p.byref) facts.shared.add(String(p.name?.name ?? p.name));
  for (const u of fn?.uses ?? []) if (u.byref) { const n = varName(u); if (n) facts.shared.add(n); }
  for (const st of statements) {
    walkScope(st, (n) => {
      const name = varName(n);
      if (n.kind === 'variable' && name === null) facts.dynamic = true;
      if (n.kind === 'eval' || (n.kind === 'call' && DYNAMIC_CALLS.has(calleeName(n) ?? ''))) facts.dynamic = true;
      if (n.kind === 'yield' || n.kind === 'yieldfrom') facts.generator = true;
      if (n.kind === 'global') for (const v of n.items ?? []) { const x = varName(v); if (x) facts.shared.add(x); }
      if (n.kind === 'static') for (const v of n.variables ?? []) { const x = varName(v.variable ?? v); if (x) facts.shared.add(x); }
      if (n.kind === 'assignref') for (const side of [n.left, n.right]) { const x = varName(side); if (x) facts.shared.add(x); }
      if (n.kind === 'foreach' && n.value?.byref) { const x = varName(n.value); if (x) facts.shared.add(x); }
      if (n.kind === 'entry' && n.byRef) { const x = varName(n.value); if (x) facts.shared.add(x); }
      if (n.kind === 'closure') {
        for (const u of n.uses ?? []) if (u.byref) { const x = varName(u); if (x) facts.shared.add(x); }
        return false;
      }
      if (n.kind === 'call') {
        // Arguments passed to a by-reference parameter (preg_match's $m, array_push's array) stay locals: PHP
        // releases the reference when the call returns.
      }
      return undefined;
    });
  }
  return facts;
}

/** Whether an expression is cheap and side-effect free: nothing between it and the function's return can be slow. */
export function isTrivial(e: Node | null | undefined, forbidden: Set<string>): boolean {
  if (!e) return true;
  switch (e.kind) {
    case 'string': case 'number': case 'boolean': case 'nullkeyword': case 'constref': case 'magic': case 'classconstant':
      return true;
    case 'variable': return !forbidden.has(varName(e) ?? '');
    case 'array': return (e.items ?? []).every((i: Node | null) => !i || isTrivial(i.kind === 'entry' ? i.value : i, forbidden) && (i.kind !== 'entry' || isTrivial(i.key, forbidden)));
    case 'propertylookup': case 'nullsafepropertylookup': return isTrivial(e.what, forbidden) && (e.offset?.kind === 'identifier');
    case 'staticlookup': return e.offset?.kind === 'identifier';
    case 'unary': case 'cast': return isTrivial(e.what ?? e.expr, forbidden);
    case 'bin': return isTrivial(e.left, forbidden) && isTrivial(e.right, forbidden);
    default: return false;
  }
}

export { usesVariable };
