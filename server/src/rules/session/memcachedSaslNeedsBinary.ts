import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walk, span } from '../../core/walk';
import { argument, constantValue } from '../../core/iniSettings';
import { codeSettings, methodCallName, receiverText, scopeAt, scopesOf, unitMentions } from './helpers';
import { iniBool } from '../../core/ini';

const BINARY = /(^|::)OPT_BINARY_PROTOCOL$/;

function isBinaryOption(key: Node | undefined): boolean {
  if (!key) return false;
  if (key.kind === 'staticlookup' && key.offset?.kind === 'identifier') return BINARY.test(String(key.offset.name));
  return key.kind === 'number' && Number(key.value) === 18; // Memcached::OPT_BINARY_PROTOCOL
}

function truthy(node: Node | undefined): boolean {
  const v = constantValue(node);
  return v === true || v === 1 || v === '1';
}

/** Calls that turn the binary protocol on: setOption(OPT_BINARY_PROTOCOL, true) or setOptions([... => true]). */
function binaryOn(call: Node): boolean {
  const m = methodCallName(call);
  if (m === 'setoption') return isBinaryOption(argument(call, 0)) && truthy(argument(call, 1));
  if (m === 'setoptions') {
    const arr = argument(call, 0);
    return (arr?.items ?? []).some((i: Node) => i?.kind === 'entry' && isBinaryOption(i.key) && truthy(i.value));
  }
  return false;
}

// php-memcached refuses SASL credentials on the text protocol (checked on PHP 8.2, php-memcached 3.2):
// setSaslAuthData() warns "SASL is only supported with binary protocol" and returns false.
export const memcachedSaslNeedsBinary: Rule = {
  meta: {
    id: 'session.memcachedSaslNeedsBinary',
    area: 'session',
    severity: 'error',
    description: 'Memcached::setSaslAuthData() without the binary protocol: the credentials are refused.',
    fixable: false,
  },
  check(ctx) {
    if (!unitMentions(ctx, /setSaslAuthData/i)) return;
    const scopes = scopesOf(ctx.unit.nodes);
    const sasl: Node[] = [];
    const binary: Node[] = [];
    for (const root of ctx.unit.nodes) {
      walk(root, (n) => {
        if (n.kind !== 'call') return;
        if (methodCallName(n) === 'setsaslauthdata') sasl.push(n);
        else if (binaryOn(n)) binary.push(n);
      });
    }
    if (!sasl.length) return;
    const byIni = codeSettings(ctx).some((s) => s.name === 'memcached.default_binary_protocol' && s.value !== null && iniBool(s.value));
    if (byIni) return;
    for (const call of sasl) {
      const at = call.loc!.start.offset;
      const scope = scopeAt(scopes, at);
      // Set up in another method (a constructor, a factory) counts; in the same function it must come first.
      const ok = binary.some((b) => scopeAt(scopes, b.loc!.start.offset) !== scope || b.loc!.start.offset < at);
      if (ok) continue;
      const receiver = receiverText(call, ctx.text) || '$memcached';
      ctx.report({
        ...span(call, ctx.text),
        message: 'SASL needs the binary protocol, which is not turned on here: setSaslAuthData() prints "Warning: ' +
          'Memcached::setSaslAuthData(): SASL is only supported with binary protocol", returns false and no credentials ' +
          `are sent. Call ${receiver}->setOption(Memcached::OPT_BINARY_PROTOCOL, true) first.`,
      });
    }
  },
};
