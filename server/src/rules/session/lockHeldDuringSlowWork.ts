import type { Rule, Edit } from '../types';
import type { Node } from '../../core/parse';
import { walkScope, span, calleeName } from '../../core/walk';
import { indentAt } from '../../core/nodes';
import { arrayEntries, argument, constantValue } from '../../core/iniSettings';
import { methodCallName, receiverText, scopesOf, unitMentions } from './helpers';

const SLEEPS = new Set(['sleep', 'usleep', 'time_nanosleep', 'time_sleep_until', 'curl_exec', 'curl_multi_exec', 'curl_multi_select']);
const URL_READERS = new Set(['file_get_contents', 'fopen', 'file', 'readfile', 'get_headers', 'simplexml_load_file']);
const CLOSES = new Set(['session_write_close', 'session_commit', 'session_abort']);

export const LOCK_WAIT = 'every other request of this user waits for the lock meanwhile; with memcached sessions ' +
  'session_start() there gives up after about 0.75 s (sess_lock_retries 5 x 150 ms) with "Unable to clear session ' +
  'lock record" and returns false.';

function startsLockedSession(call: Node): boolean {
  if (calleeName(call) !== 'session_start') return false;
  const readAndClose = arrayEntries(argument(call, 0, 'options')).find((e) => e.key === 'read_and_close');
  return !(readAndClose && constantValue(readAndClose.value));
}

function urlLiteral(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'string') return /^(https?|ftps?):\/\//i.test(String(node.value));
  if (node.kind === 'encapsed') return node.value?.[0]?.expression?.kind === 'string' && /^(https?|ftps?):\/\//i.test(String(node.value[0].expression.value));
  if (node.kind === 'bin' && node.type === '.') return urlLiteral(node.left);
  return false;
}

function isInfiniteLoop(n: Node): boolean {
  if (n.kind === 'for') return !(n.test?.length);
  if (n.kind === 'while' || n.kind === 'do') {
    const v = constantValue(n.test);
    return v === true || v === 1;
  }
  return false;
}

/** What is slow about a node, or null. */
function slowWork(n: Node, text: string): string | null {
  if (n.kind === 'call') {
    const fn = calleeName(n);
    if (fn && SLEEPS.has(fn)) return `${fn}()`;
    if (fn && URL_READERS.has(fn) && urlLiteral(argument(n, 0))) return `${fn}() of a URL`;
    const m = methodCallName(n);
    if ((m === 'consume' || m === 'flush') && /kafka|consumer|producer/i.test(receiverText(n, text))) return `Kafka ${m}()`;
    return null;
  }
  if (isInfiniteLoop(n)) return 'an endless loop';
  return null;
}

/** The range to underline: a call, or a loop's head (`while (true)`). */
function headRange(n: Node, text: string): { start: number; end: number } {
  if (n.kind === 'call') return span(n, text);
  const start = n.loc!.start.offset;
  if (n.kind === 'do') return { start, end: start + 2 };
  const open = text.indexOf('(', start);
  const close = text.indexOf(')', n.kind === 'for' ? open : (n.test?.loc?.end.offset ?? open));
  return { start, end: close > 0 ? close + 1 : start + n.kind.length };
}

function writesSession(scopeBody: Node, after: number): boolean {
  let writes = false;
  walkScope(scopeBody, (n) => {
    if (writes || (n.loc?.start.offset ?? 0) < after) return;
    const target = n.kind === 'assign' ? n.left : n.kind === 'unset' ? n.variables?.[0] : null;
    let root = target;
    while (root && (root.kind === 'offsetlookup' || root.kind === 'propertylookup')) root = root.what;
    if (root?.kind === 'variable' && root.name === '_SESSION') writes = true;
  });
  return writes;
}

// PHP locks a session from session_start() until the request ends or session_write_close(). Slow work inside that
// window makes every other request of the same user wait (files handler) or fail (memcached gives up after ~0.75 s).
export const lockHeldDuringSlowWork: Rule = {
  meta: {
    id: 'session.lockHeldDuringSlowWork',
    area: 'session',
    severity: 'warning',
    description: 'Slow work while the session lock is held blocks the user\'s other requests.',
    fixable: true,
  },
  check(ctx) {
    if (!unitMentions(ctx, /\bsession_start\b/i)) return;
    for (const scope of scopesOf(ctx.unit.nodes)) {
      const body = scope.kind === 'block' ? scope : scope.body;
      if (!body) continue;
      const starts: Node[] = [];
      const closes: number[] = [];
      const slow: Array<{ node: Node; what: string; statement: Node | null }> = [];
      const statementOf = new Map<Node, Node | null>();
      walkScope(body, (n, parent) => {
        // The statement that holds `n` directly inside a block, for inserting a line before it.
        const inList = parent && Array.isArray(parent.children) && parent.children.includes(n);
        statementOf.set(n, inList ? n : (parent ? statementOf.get(parent) ?? null : null));
        if (n !== body && (n.kind === 'function' || n.kind === 'closure' || n.kind === 'arrowfunc' || n.kind === 'class' || n.kind === 'method')) return false;
        if (n.kind === 'call' && startsLockedSession(n)) starts.push(n);
        else if (n.kind === 'call' && CLOSES.has(calleeName(n) ?? '')) closes.push(n.loc!.start.offset);
        const what = slowWork(n, ctx.text);
        if (what) slow.push({ node: n, what, statement: statementOf.get(n) ?? null });
      });
      const loops = slow.filter((s) => s.node.kind !== 'call').map((s) => s.node.loc!);
      const fixedStatements = new Set<Node>();
      for (const s of slow) {
        const at = s.node.loc!.start.offset;
        // Work inside an endless loop is covered by the loop's own finding.
        if (s.node.kind === 'call' && loops.some((l) => l.start.offset < at && at < l.end.offset)) continue;
        const start = [...starts].reverse().find((st) => st.loc!.end.offset <= at);
        if (!start || closes.some((c) => c > start.loc!.start.offset && c < at)) continue;
        const fixes = [];
        const stmt = s.statement;
        if (stmt && !fixedStatements.has(stmt) && !writesSession(body, stmt.loc!.start.offset)) {
          fixedStatements.add(stmt);
          const offset = stmt.loc!.start.offset;
          const edit: Edit = { start: offset, end: offset, newText: `session_write_close();\n${indentAt(ctx.text, offset)}` };
          fixes.push({ title: 'Release the session lock first: session_write_close()', edits: [edit], preferred: true });
        }
        const startRange = span(start, ctx.text);
        ctx.report({
          ...headRange(s.node, ctx.text),
          message: `${s.what} runs while this request holds the session lock taken by session_start(): ${LOCK_WAIT} ` +
            'Call session_write_close() before slow work (or session_start([\'read_and_close\' => true]) when the session is only read).',
          related: [{ ...startRange, message: 'the session lock is taken here' }],
          fixes,
        });
      }
    }
  },
};
