import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { span, calleeName } from '../../core/walk';
import { argument, constantValue } from '../../core/iniSettings';
import { callsIn, classConstant, codeSettings, methodCallName, resolveConstant, scopesOf, unitMentions } from './helpers';

/** Where a call takes its secret: argument position and what the secret is for. */
function secretArgument(call: Node): { index: number; name: string; what: string; data?: number } | null {
  const fn = call.kind === 'call' ? calleeName(call) : null;
  if (fn === 'openssl_encrypt' || fn === 'openssl_decrypt') return { index: 2, name: 'passphrase', what: `the key of ${fn}()`, data: 0 };
  if (fn === 'hash_hmac') return { index: 2, name: 'key', what: 'the HMAC key', data: 1 };
  if (fn === 'sodium_crypto_secretbox' || fn === 'sodium_crypto_secretbox_open') return { index: 2, name: 'key', what: `the key of ${fn}()`, data: 0 };
  if (fn && /^sodium_crypto_aead_\w+_(en|de)crypt$/.test(fn)) return { index: 3, name: 'key', what: `the key of ${fn}()`, data: 0 };
  if (methodCallName(call) === 'setsaslauthdata') return { index: 1, name: 'password', what: 'the memcached SASL password' };
  return null;
}

// A key or password in the source is readable by everyone who can read the code: the repository, its forks and
// backups, a leaked deploy. Sessions encrypted or guarded with it can then be read and forged.
export const hardcodedSecret: Rule = {
  meta: {
    id: 'session.hardcodedSecret',
    area: 'session',
    severity: 'warning',
    description: 'An encryption key or memcached password written into the code.',
    fixable: false,
  },
  check(ctx) {
    if (!unitMentions(ctx, /openssl_|hash_hmac|sodium_crypto|setSaslAuthData|sess_sasl_password/i)) return;
    for (const scope of scopesOf(ctx.unit.nodes)) {
      for (const call of callsIn(scope)) {
        const sink = secretArgument(call);
        if (!sink) continue;
        const arg = argument(call, sink.index, sink.name);
        if (!arg) continue;
        // A constant message under a constant key protects nothing (`hash_hmac($algo, 'test', 'key')` probes an algorithm).
        if (sink.data !== undefined && constantValue(argument(call, sink.data)) !== undefined) continue;
        const constant = classConstant(arg, ctx.unit.nodes);
        const resolved = resolveConstant(constant ?? arg, constant ? null : scope, call.loc!.start.offset);
        if (typeof resolved?.value !== 'string' || resolved.value === '') continue;
        const literal = span(resolved.at, ctx.text);
        const flowed = resolved.at !== arg;
        ctx.report({
          ...span(arg, ctx.text),
          message: `${flowed ? 'This value comes from a string literal and is' : 'A string literal is'} ${sink.what}: anyone who ` +
            'can read the code (repository, forks, backups, a leaked deploy) has the secret and can read and forge what it ' +
            'protects, and it cannot be rotated without a release. Read it from the environment or a secrets store.',
          related: flowed ? [{ ...literal, message: 'the literal' }] : [],
        });
      }
    }
    for (const s of codeSettings(ctx)) {
      if (s.name !== 'memcached.sess_sasl_password' || !s.value || s.expression?.kind !== 'string') continue;
      ctx.report({
        start: s.valueStart, end: s.valueEnd,
        message: 'The memcached session password is a string literal: anyone who can read the code can read and ' +
          'overwrite every session in memcached. Read it from the environment or a secrets store.',
      });
    }
  },
};
