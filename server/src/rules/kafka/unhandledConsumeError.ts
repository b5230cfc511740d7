import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { flowFor } from '../../core/kafkaConf';
import { loopsAround, type KafkaFlow, type KafkaObject } from '../../core/kafkaFlow';
import { walk, span } from '../../core/walk';

const EQUAL = new Set(['==', '===']);

function errOf(flow: KafkaFlow, n: Node, fn: string, messages: Set<KafkaObject>): boolean {
  if (n?.kind !== 'propertylookup' || n.offset?.name !== 'err') return false;
  for (const o of flow.objectsOf(n.what, fn)) if (messages.has(o)) return true;
  return false;
}

/** An if/elseif chain testing only `$m->err == CONST` with no final else: other errors fall through silently. */
function equalityChainWithoutElse(flow: KafkaFlow, first: Node, fn: string, messages: Set<KafkaObject>): boolean {
  let n: Node | null = first;
  while (n && n.kind === 'if') {
    const t = n.test;
    if (!(t?.kind === 'bin' && EQUAL.has(t.type) && (errOf(flow, t.left, fn, messages) || errOf(flow, t.right, fn, messages)))) return false;
    n = n.alternate ?? null;
  }
  return n === null;
}

// A consumer's message carries an error code in ->err; anything but NO_ERROR means there is no payload to process
// (broker down, authorization, unknown topic, fatal errors). A loop that only handles the happy path skips those
// silently and keeps spinning.
export const unhandledConsumeError: Rule = {
  meta: {
    id: 'kafka.unhandledConsumeError',
    area: 'kafka',
    severity: 'warning',
    description: 'A consume loop that ignores $message->err values other than NO_ERROR / timeout / EOF.',
    fixable: false,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const messages = new Set(flow.objects.filter((o) => o.kind === 'message' && loopsAround(flow, o.origin).length > 0));
    if (!messages.size) return;
    const errRead = new Set<KafkaObject>();
    const payloadRead = new Map<KafkaObject, Node>();
    for (const node of ctx.unit.nodes) {
      walk(node, (n) => {
        if (n.kind !== 'propertylookup' && n.kind !== 'call') return;
        const fn = flow.fnOf(n) ?? '<script>';
        if (n.kind === 'propertylookup') {
          for (const o of flow.objectsOf(n.what, fn)) {
            if (!messages.has(o)) continue;
            if (n.offset?.name === 'err') errRead.add(o);
            if (n.offset?.name === 'payload' && !payloadRead.has(o)) payloadRead.set(o, n);
          }
          return;
        }
        if (n.what?.kind === 'propertylookup' && n.what.offset?.name === 'errstr') for (const o of flow.objectsOf(n.what.what, fn)) errRead.add(o);
      });
    }
    for (const node of ctx.unit.nodes) {
      walk(node, (n, parent) => {
        const fn = flow.fnOf(n) ?? '<script>';
        if (n.kind === 'switch' && errOf(flow, n.test, fn, messages)) {
          const cases: Node[] = n.body?.children ?? [];
          if (cases.some((c) => c.kind === 'case' && c.test === null)) return;
          const head = { start: n.loc!.start.offset, end: n.test.loc!.end.offset + 1 };
          ctx.report({
            ...head,
            message: 'This switch on $message->err has no default branch: any other error (broker transport failure, ' +
              'authorization, unknown topic, a fatal error) is skipped silently and the loop keeps consuming nothing. ' +
              'Add `default: throw new \\Exception($message->errstr(), $message->err);`.',
          });
        }
        if (n.kind === 'if' && parent?.kind !== 'if' && equalityChainWithoutElse(flow, n, fn, messages)) {
          ctx.report({
            ...span(n.test, ctx.text),
            message: 'Only some $message->err values are handled and there is no else: every other error is skipped ' +
              'silently. Handle the rest (log, or throw with $message->errstr()).',
          });
        }
      });
    }
    for (const [message, read] of payloadRead) {
      if (errRead.has(message) || message.escaped) continue;
      ctx.report({
        ...span(message.origin, ctx.text),
        message: "The consumed message's ->err is never checked before ->payload is used: on a timeout or an error " +
          'the message has no payload (null), and errors are never noticed.',
        related: [{ ...span(read, ctx.text), message: 'payload read here' }],
      });
    }
  },
};
