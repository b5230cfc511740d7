import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walkScope, span, varName, calleeName } from '../../core/walk';
import { methodCallName, methodName, methodsOf, sessionHandlerKind, unitMentions } from './helpers';

/** Calls that give false (or null) for a key, row or file that does not exist. */
const MISSING_IS_FALSE_METHODS = new Set(['get', 'fetchcolumn', 'fetchone', 'hget']);
const MISSING_IS_FALSE_FUNCTIONS = new Set(['file_get_contents', 'apcu_fetch', 'stream_get_contents']);
const BOOL_METHODS = new Set(['open', 'close', 'write', 'destroy', 'updatetimestamp']);

function missingIsFalse(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'call') {
    const m = methodCallName(node);
    // `get($key)` alone: with a second argument it is usually a cache's `get($key, $default)` (Laravel, PSR-16).
    if (m) return MISSING_IS_FALSE_METHODS.has(m) && !(m === 'get' && (node.arguments?.length ?? 0) !== 1);
    const f = calleeName(node);
    return !!f && MISSING_IS_FALSE_FUNCTIONS.has(f);
  }
  return false;
}

/** Whether running `statements` always ends in return/throw/exit (so control cannot fall off the end). */
export function alwaysExits(statements: Node[]): boolean {
  const last = statements[statements.length - 1];
  if (!last) return false;
  switch (last.kind) {
    case 'return':
    case 'throw':
      return true;
    case 'expressionstatement':
      return last.expression?.kind === 'exit' || last.expression?.kind === 'throw';
    case 'block':
      return alwaysExits(last.children ?? []);
    case 'if':
      return !!last.alternate && exits(last.body) && exits(last.alternate);
    case 'try':
      if (last.always && exits(last.always)) return true;
      return exits(last.body) && (last.catches ?? []).every((c: Node) => exits(c.body));
    default:
      return false;
  }
}

function exits(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'block') return alwaysExits(node.children ?? []);
  return alwaysExits([node]);
}

function isTested(body: Node, name: string): boolean {
  let tested = false;
  walkScope(body, (n) => {
    if (tested) return false;
    const test = n.kind === 'if' || n.kind === 'while' ? n.test : n.kind === 'retif' ? n.test : null;
    if (test && varName(test) === name) tested = true;
    if (test) walkScope(test, (t) => { if (varName(t) === name) tested = true; });
    if (n.kind === 'bin' && (n.type === '??' || n.type === '===' || n.type === '!==' || n.type === '==' || n.type === '!=') && (varName(n.left) === name || varName(n.right) === name)) tested = true;
    if (n.kind === 'cast' && varName(n.expr) === name) tested = true;
    if (n.kind === 'call' && (n.arguments ?? []).some((a: Node) => varName(a) === name) && /^(is_string|is_bool|strval|empty)$/.test(calleeName(n) ?? '')) tested = true;
    if (n.kind === 'empty' || n.kind === 'isset') walkScope(n, (t) => { if (varName(t) === name) tested = true; });
  });
  return tested;
}

/** The assignment that gives `$name` its value from a missing-is-false call, when nothing tests it afterwards. */
function untestedFalseVariable(body: Node, name: string): boolean {
  let fromLookup = false;
  walkScope(body, (n) => {
    if (n.kind === 'assign' && n.operator === '=' && varName(n.left) === name && missingIsFalse(n.right)) fromLookup = true;
  });
  return fromLookup && !isTested(body, name);
}

const READ_FAILS = 'PHP then warns "session_start(): Failed to read session data: user (path: ...)" and session_start() ' +
  'returns false, so the request runs without its session. A session that does not exist yet must read as \'\'.';
const NOT_BOOL = 'PHP throws "TypeError: Session callback must have a return value of type bool, null returned" ' +
  '(with a declared `: bool`, "Return value must be of type bool") and the request dies.';

// read() must return a string ('' for a session that does not exist yet); open/close/write/destroy must return a
// bool on every path (FACTS.md 6).
export const handlerReturn: Rule = {
  meta: {
    id: 'session.handlerReturn',
    area: 'session',
    severity: 'error',
    description: 'A session handler method that returns what PHP treats as a failure, or nothing at all.',
    fixable: false,
  },
  check(ctx) {
    if (!unitMentions(ctx, /Session/)) return;
    for (const cls of ctx.unit.nodes) {
      if (!sessionHandlerKind(cls)) continue;
      for (const m of methodsOf(cls)) {
        const name = methodName(m);
        const body = m.body;
        if (!body || (name !== 'read' && !BOOL_METHODS.has(name))) continue;
        const returns: Node[] = [];
        walkScope(body, (n) => { if (n.kind === 'return') returns.push(n); });
        for (const r of returns) {
          const e = r.expr;
          const range = span(r, ctx.text);
          if (name === 'read') {
            const literalFailure = !e || e.kind === 'nullkeyword' || (e.kind === 'boolean' && e.value === false);
            const lookup = missingIsFalse(e) || (varName(e) !== null && untestedFalseVariable(body, varName(e)!));
            if (literalFailure || lookup) {
              const what = literalFailure ? `read() returns ${e ? ctx.text.slice(e.loc.start.offset, e.loc.end.offset) : 'nothing'}` :
                `read() returns \`${ctx.text.slice(e.loc.start.offset, e.loc.end.offset)}\`, which is false when the session is not stored yet`;
              ctx.report({ ...range, message: `${what}: ${READ_FAILS}` });
            }
          } else if (!e || e.kind === 'nullkeyword') {
            ctx.report({ ...range, message: `${m.name.name}() returns ${e ? 'null' : 'nothing'} here: ${NOT_BOOL}` });
          }
        }
        if (!alwaysExits(body.children ?? []) && !m.isAbstract) {
          const at = m.name.loc;
          ctx.report({
            start: at.start.offset, end: at.end.offset,
            message: name === 'read'
              ? `read() can reach its end without returning, so it returns null: ${READ_FAILS}`
              : `${m.name.name}() can reach its end without returning a bool: ${NOT_BOOL}`,
          });
        }
      }
    }
  },
};
