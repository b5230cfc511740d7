import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, calleeName } from '../../core/walk';
import { argument } from '../../core/iniSettings';
import { callsIn, classConstant, resolveConstant, scopesOf, unitMentions } from './helpers';

const AEAD = /gcm|ccm|ocb|poly1305/i;
const MACS = new Set(['hash_hmac', 'sodium_crypto_auth', 'sodium_crypto_auth_verify', 'hash_equals']);

function hasMac(nodes: Node[]): boolean {
  let found = false;
  for (const root of nodes) walk(root, (n) => { if (!found && n.kind === 'call' && MACS.has(calleeName(n) ?? '')) found = true; return !found; });
  return found;
}

// Encryption without authentication keeps data secret only from someone who cannot change it. Session data, cookies
// and cache values travel through places where they can be changed.
export const unauthenticatedEncryption: Rule = {
  meta: {
    id: 'session.unauthenticatedEncryption',
    area: 'session',
    severity: 'warning',
    description: 'openssl_encrypt() with a cipher that does not authenticate, and no MAC over the ciphertext.',
    fixable: false,
  },
  check(ctx) {
    if (!unitMentions(ctx, /openssl_encrypt/i)) return;
    if (hasMac(ctx.unit.nodes)) return;
    for (const scope of scopesOf(ctx.unit.nodes)) {
      for (const call of callsIn(scope)) {
        if (call.kind !== 'call' || calleeName(call) !== 'openssl_encrypt') continue;
        const arg = argument(call, 1, 'cipher_algo');
        if (!arg) continue;
        const constant = classConstant(arg, ctx.unit.nodes);
        const cipher = resolveConstant(constant ?? arg, constant ? null : scope, call.loc!.start.offset)?.value;
        if (typeof cipher !== 'string' || cipher === '' || AEAD.test(cipher)) continue;
        // Data-encryption modes only: ECB and the like appear as protocol primitives (NTLM, key wrapping).
        const mode = /-(cbc|ctr|cfb\d*|ofb)$/i.exec(cipher)?.[1]?.toUpperCase();
        if (!mode) continue;
        const oracle = mode === 'CBC' ? ' With CBC, the padding error on decryption also lets an attacker decrypt it byte by byte (padding oracle).' : '';
        ctx.report({
          ...span(arg, ctx.text),
          message: `${cipher} encrypts but does not authenticate, and nothing here computes a MAC: whoever can change the ` +
            `ciphertext (a cookie, a session or cache value in memcached) changes the decrypted data undetected.${oracle} ` +
            'Use aes-256-gcm (keep and check the tag) or sodium_crypto_secretbox(), or add hash_hmac() over IV and ' +
            'ciphertext and verify it with hash_equals() before decrypting.',
        });
      }
    }
  },
};
