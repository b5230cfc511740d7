// Small readers over php-parser nodes that several rules share.
import type { Node } from './parse';
import { walk, varName } from './walk';

/** The variable at the root of `$a->b[0]->c`: "a" (or "this"); null for anything else (calls, statics). */
export function rootVar(node: Node | null | undefined): string | null {
  let n = node;
  while (n && (n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup' || n.kind === 'offsetlookup')) n = n.what;
  return varName(n);
}

/** True when `node` is `$name->...` at its first step (a property of the object in $name). */
export function isPropertyOf(node: Node, name: string): boolean {
  let n = node;
  let firstStep: Node | null = null;
  while (n && (n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup' || n.kind === 'offsetlookup')) {
    firstStep = n;
    n = n.what;
  }
  return !!firstStep && firstStep.kind !== 'offsetlookup' && varName(n) === name;
}

/** Expression statements' expressions, unwrapped. */
export function expressionOf(statement: Node): Node | null {
  return statement.kind === 'expressionstatement' ? statement.expression : null;
}

/** Whether the value expression holds `$name` itself (not a copy of an array): the variable, inside an array
 * literal, or captured by a closure / arrow function. */
export function holdsVariable(value: Node | null | undefined, name: string): boolean {
  if (!value) return false;
  if (varName(value) === name) return true;
  if (value.kind === 'array') return (value.items ?? []).some((item: Node | null) => item && holdsVariable(item.kind === 'entry' ? item.value : item, name));
  if (value.kind === 'closure') {
    if (name === 'this') return !value.isStatic && usesVariable(value.body, 'this');
    return (value.uses ?? []).some((u: Node) => varName(u) === name);
  }
  if (value.kind === 'arrowfunc') return !value.isStatic && usesVariable(value.body, name);
  return false;
}

export function usesVariable(node: Node | null | undefined, name: string): boolean {
  if (!node) return false;
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (varName(n) === name) found = true;
    return !found;
  });
  return found;
}

/** Line-preserving removal of a whole statement: the statement, and its line when nothing else is on it. */
export function removeStatementEdit(text: string, statement: Node): { start: number; end: number; newText: string } {
  let start = statement.loc!.start.offset;
  let end = statement.loc!.end.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    start = lineStart;
    end = Math.min(lineEnd + 1, text.length);
  }
  return { start, end, newText: '' };
}

/** The indentation of the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset + 1))![0];
}
