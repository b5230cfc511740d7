import type { Rule } from '../types';
import { flowFor, confState, settled, tableOf, allEntries, stringInside, type ConfEntry } from '../../core/kafkaConf';
import { span } from '../../core/walk';

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[?::1\]?)$/i;

function hosts(brokers: string): string[] {
  return brokers.split(',').map((b) => b.trim().replace(/^[a-z]+:\/\//i, '')).filter(Boolean)
    .map((b) => (b.startsWith('[') ? b.slice(0, b.indexOf(']') + 1) : b.replace(/:\d+$/, '')));
}

// Turning off certificate or hostname checks lets anyone on the path impersonate the broker; SASL credentials over
// a plaintext connection cross the network readable (SASL/PLAIN sends the password as is).
export const insecureTransport: Rule = {
  meta: {
    id: 'kafka.insecureTransport',
    area: 'kafka',
    severity: 'warning',
    description: 'TLS verification turned off, or SASL credentials sent over plaintext to a non-loopback broker.',
    fixable: false,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    const at = (e: ConfEntry) => {
      const v = e.set.value ?? e.set.name;
      return v.kind === 'string' ? stringInside(v, ctx.text) : span(v, ctx.text);
    };
    for (const { entry } of allEntries(flow, table)) {
      const r = entry.result;
      if (!r || r.verdict !== 'valid' || !entry.property) continue;
      if (entry.property.name === 'enable.ssl.certificate.verification' && r.parsed === false) {
        ctx.report({ ...at(entry), message: 'enable.ssl.certificate.verification=false: librdkafka accepts any broker certificate, so anyone between this client and the broker can impersonate it and read or change the messages.' });
      }
      if (entry.property.name === 'ssl.endpoint.identification.algorithm' && r.parsed === 'none') {
        ctx.report({ ...at(entry), message: "ssl.endpoint.identification.algorithm=none: librdkafka does not check that the broker's certificate matches its host name (the default since 2.0 is https), so any valid certificate passes." });
      }
    }
    for (const obj of flow.objects) {
      if (obj.kind !== 'conf') continue;
      const state = confState(obj, table);
      const secret = state.values.get('sasl.password') ?? state.values.get('sasl.username');
      if (!secret) continue;
      const protocol = settled(state, 'security.protocol');
      const plain = protocol === 'plaintext' || protocol === 'sasl_plaintext' || (protocol === undefined && state.complete);
      const brokers = settled(state, 'metadata.broker.list');
      if (!plain || typeof brokers !== 'string') continue;
      const remote = hosts(brokers).filter((h) => !LOOPBACK.test(h));
      if (!remote.length) continue;
      const where = state.values.get('security.protocol') ?? secret;
      ctx.report({
        ...at(where),
        message: `SASL credentials with security.protocol=${protocol ?? 'plaintext (the default)'} to ${remote.join(', ')}: ` +
          (protocol === 'sasl_plaintext' ? 'the login (with PLAIN, the password itself) and every message cross the network unencrypted.'
            : 'librdkafka does not even use SASL on a plaintext connection, and every message crosses the network unencrypted.') +
          ' Use sasl_ssl.',
      });
    }
  },
};
