import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { nameTable } from '../../core/nameTable';
import { qualifiedClassName, methodName, methodsOf, sessionHandlerKind, unitMentions } from './helpers';

/** PHP 8.1+ tentative return types of the session handler contracts, by lower-case method name. */
type Contract = { readonly [method: string]: { signature: string; returns: string } };
const CONTRACTS: Record<string, Contract> = {
  SessionHandlerInterface: nameTable({
    open: { signature: 'open(string $path, string $name)', returns: 'bool' },
    close: { signature: 'close()', returns: 'bool' },
    read: { signature: 'read(string $id)', returns: 'string|false' },
    write: { signature: 'write(string $id, string $data)', returns: 'bool' },
    destroy: { signature: 'destroy(string $id)', returns: 'bool' },
    gc: { signature: 'gc(int $max_lifetime)', returns: 'int|false' },
  }),
  SessionUpdateTimestampHandlerInterface: nameTable({
    validateid: { signature: 'validateId(string $id)', returns: 'bool' },
    updatetimestamp: { signature: 'updateTimestamp(string $id, string $data)', returns: 'bool' },
  }),
  SessionIdInterface: nameTable({
    create_sid: { signature: 'create_sid()', returns: 'string' },
  }),
};
CONTRACTS.SessionHandler = nameTable({ ...CONTRACTS.SessionHandlerInterface, ...CONTRACTS.SessionIdInterface });

function hasReturnTypeWillChange(m: Node): boolean {
  return (m.attrGroups ?? []).some((g: Node) => (g.attrs ?? []).some((a: Node) => /(^|\\)ReturnTypeWillChange$/i.test(String(a.name))));
}

/** The method's parameters as PHP prints them in the notice: `$id`, `string $id`, `&$x`, `...$rest`. */
function printedParams(m: Node, text: string): string {
  return (m.arguments ?? []).map((p: Node) => {
    const type = p.type?.loc ? text.slice(p.type.loc.start.offset, p.type.loc.end.offset) + ' ' : '';
    return `${p.nullable && type ? '?' : ''}${type}${p.byref ? '&' : ''}${p.variadic ? '...' : ''}$${p.name?.name ?? p.name}`;
  }).join(', ');
}

/** Offset just after the `)` closing the parameter list that starts at the first `(` after `from`. Skips strings
 * and comments in default values; -1 when the text is not balanced. */
export function afterParameters(text: string, from: number, limit: number): number {
  let i = text.indexOf('(', from);
  if (i < 0 || i >= limit) return -1;
  let depth = 0;
  for (; i < limit; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = skipString(text, i, limit);
      if (close < 0) return -1;
      i = close;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if ((c === '/' && text[i + 1] === '/') || c === '#' && text[i + 1] !== '[') {
      const close = text.indexOf('\n', i);
      if (close < 0) return -1;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

function skipString(text: string, start: number, limit: number): number {
  const q = text[start];
  for (let i = start + 1; i < limit; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q) return i;
  }
  return -1;
}

// PHP 8.1 gave the session handler interfaces tentative return types. A method without its return type (and without
// #[\ReturnTypeWillChange]) prints a Deprecated notice when the class is loaded; with display_errors on that output
// is sent before the session cookie, so session_start() cannot send its headers (FACTS.md 6). PHP 9 makes it fatal.
export const handlerSignature: Rule = {
  meta: {
    id: 'session.handlerSignature',
    area: 'session',
    severity: 'warning',
    description: 'A session handler method without the return type PHP 8.1+ expects.',
    fixable: true,
  },
  check(ctx) {
    if (!unitMentions(ctx, /Session/)) return;
    for (const cls of ctx.unit.nodes) {
      const kind = sessionHandlerKind(cls);
      if (!kind) continue;
      const contracts = [...(kind.extendsNative ? ['SessionHandler'] : []),
        ...['SessionHandlerInterface', 'SessionUpdateTimestampHandlerInterface', 'SessionIdInterface'].filter((c) => kind.interfaces.has(c.toLowerCase()))];
      for (const m of methodsOf(cls)) {
        if (m.type || hasReturnTypeWillChange(m) || m.isStatic) continue;
        const name = methodName(m);
        const owner = contracts.find((c) => CONTRACTS[c][name]);
        if (!owner) continue;
        const expected = CONTRACTS[owner][name];
        const nameNode = m.name;
        const end = afterParameters(ctx.text, nameNode.loc.end.offset, m.loc!.end.offset);
        const notice = `Deprecated: Return type of ${qualifiedClassName(cls, ctx.text)}::${nameNode.name}(${printedParams(m, ctx.text)}) should either be ` +
          `compatible with ${owner}::${expected.signature}: ${expected.returns}, or the #[\\ReturnTypeWillChange] attribute ` +
          'should be used to temporarily suppress the notice';
        ctx.report({
          start: nameNode.loc.start.offset, end: nameNode.loc.end.offset,
          message: `${nameNode.name}() has no return type, so PHP 8.1+ prints "${notice}" when the class loads. With ` +
            'display_errors on that output sends the headers: session_set_save_handler() then fails with "Session save ' +
            'handler cannot be changed after headers have already been sent" and the session never starts. ' +
            `Declare \`: ${expected.returns}\`.`,
          fixes: end > 0 ? [{ title: `Add the return type : ${expected.returns}`, edits: [{ start: end, end, newText: `: ${expected.returns}` }], preferred: true }] : [],
        });
      }
    }
  },
};
