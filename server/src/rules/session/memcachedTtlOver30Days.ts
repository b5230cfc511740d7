import type { Rule } from '../types';
import { span } from '../../core/walk';
import { argument } from '../../core/iniSettings';
import { nameTable } from '../../core/nameTable';
import { callsIn, classConstant, clientOf, memcacheClients, methodCallName, resolveConstant, scopesOf, unitMentions } from './helpers';

export const THIRTY_DAYS = 2_592_000;
/** From here on a number reads as a deliberate Unix timestamp (2001-09-09), not a forgotten relative TTL. */
const PLAUSIBLE_TIMESTAMP = 1_000_000_000;

/** Position of the expiration argument by client and method (lower-case). */
const EXPIRATION_ARG: Record<'memcached' | 'memcache', { readonly [method: string]: number }> = {
  memcached: nameTable({ set: 2, add: 2, replace: 2, touch: 1, setmulti: 1, setbykey: 3, addbykey: 3, replacebykey: 3, touchbykey: 2, setmultibykey: 2, cas: 3, casbykey: 4, increment: 3, decrement: 3 }),
  memcache: nameTable({ set: 3, add: 3, replace: 3 }),
};

function date(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

// memcached takes an expiration above 30 days as an absolute Unix time (FACTS.md 6): a "60 days" TTL names a moment
// in early 1970, so the server accepts the item and drops it at once. The session handlers convert
// session.gc_maxlifetime themselves, so only direct client calls are checked.
export const memcachedTtlOver30Days: Rule = {
  meta: {
    id: 'session.memcachedTtlOver30Days',
    area: 'session',
    severity: 'error',
    description: 'A Memcached expiration over 30 days that memcached reads as a date in 1970: the item is gone at once.',
    fixable: true,
  },
  check(ctx) {
    if (!unitMentions(ctx, /memcache/i)) return;
    const clients = memcacheClients(ctx.unit.nodes, ctx.text);
    for (const scope of scopesOf(ctx.unit.nodes)) {
      for (const call of callsIn(scope)) {
        const method = methodCallName(call);
        if (!method) continue;
        const client = clientOf(call, ctx.text, clients);
        const index = client ? EXPIRATION_ARG[client][method] : undefined;
        if (index === undefined) continue;
        const arg = argument(call, index, 'expiration') ?? argument(call, index, 'expire');
        if (!arg) continue;
        const at = call.loc!.start.offset;
        const constant = classConstant(arg, ctx.unit.nodes);
        const resolved = constant ? resolveConstant(constant, null, at) : resolveConstant(arg, scope, at);
        const seconds = resolved?.value;
        if (typeof seconds !== 'number' || seconds <= THIRTY_DAYS || seconds >= PLAUSIBLE_TIMESTAMP) continue;
        const range = span(arg, ctx.text);
        const written = ctx.text.slice(range.start, range.end);
        const days = Math.round(seconds / 86400);
        ctx.report({
          ...range,
          message: `Expiration ${seconds.toLocaleString('en-US')} s (${days} days) is over 2,592,000 s (30 days), so memcached ` +
            `reads it as a Unix timestamp: ${date(seconds)}, already past. ${call.what.offset.name}() returns true and the item is gone ` +
            'at once (get() finds nothing, RES_NOTFOUND). Pass an absolute time: `time() + ' + written + '`.',
          fixes: [{ title: `Use time() + ${written}`, edits: [{ ...range, newText: `time() + ${written}` }], preferred: true }],
        });
      }
    }
  },
};
