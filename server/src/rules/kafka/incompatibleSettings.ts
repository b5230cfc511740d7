import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { flowFor, confState, settled, tableOf, sidesReached, stringInside, type ConfEntry } from '../../core/kafkaConf';
import { span } from '../../core/walk';
import { creationErrors } from '../../knowledge/kafka/client';

// librdkafka checks these combinations when the producer is created (rd_kafka_new), not when each value is set,
// so `new RdKafka\Producer($conf)` throws with the texts below (FACTS.md 7).
export const incompatibleSettings: Rule = {
  meta: {
    id: 'kafka.incompatibleSettings',
    area: 'kafka',
    severity: 'error',
    description: 'Settings librdkafka refuses together when the producer is created (idempotence with max.in.flight > 5 or acks != all; transactional.id with idempotence off).',
    fixable: false,
  },
  check(ctx) {
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    const reported = new Set<Node>();
    const valueRange = (e: ConfEntry) => {
      const v = e.set.value ?? e.set.name;
      return v.kind === 'string' ? stringInside(v, ctx.text) : span(v, ctx.text);
    };
    for (const obj of flow.objects) {
      if (obj.kind !== 'conf') continue;
      const sides = sidesReached(obj);
      const state = confState(obj, table);
      const report = (e: ConfEntry | undefined, text: string, why: string) => {
        if (!e || reported.has(e.set.call)) return;
        reported.add(e.set.call);
        ctx.report({ ...valueRange(e), message: `${text}: librdkafka ${table.librdkafka} refuses this configuration when the client is created, so \`new RdKafka\\Producer()\` / \`new RdKafka\\KafkaConsumer()\` throws. ${why}`.trim() });
      };
      const why: Record<string, string> = {
        'max.in.flight.requests.per.connection': 'Set it to 5 or less, or leave it unset (librdkafka then uses 5).',
        'request.required.acks': 'Idempotence needs every in-sync replica to acknowledge.',
        'enable.idempotence': 'Transactions need idempotence; left unset, librdkafka turns it on by itself.',
        'enable.gapless.guarantee': 'Set enable.idempotence=true as well.',
        'partition.assignment.strategy': 'Use range, roundrobin or cooperative-sticky (lower case), not mixing cooperative-sticky with the others.',
        'reconnect.backoff.max.ms': 'The maximum backoff must not be below reconnect.backoff.ms.',
        'reconnect.backoff.ms': 'The initial backoff must not exceed reconnect.backoff.max.ms (10000 by default).',
        'ssl.keystore.location': 'Set ssl.keystore.password too.',
        'sasl.mechanisms': 'Supported: GSSAPI, PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER; PLAIN needs sasl.username and sasl.password.',
        'security.protocol': 'GSSAPI (the default mechanism) needs sasl.kerberos.keytab for its kinit command; set it, or choose another sasl.mechanisms.',
        'receive.message.max.bytes': 'Raise it to at least fetch.max.bytes + 512, or leave it unset (librdkafka then adjusts it).',
        'session.timeout.ms': 'A consumer must poll more often than its session times out.',
        'max.poll.interval.ms': 'A consumer must poll more often than its session times out.',
      };
      for (const err of creationErrors((name) => settled(state, name), sides.size === 1 && sides.has('consumer') ? 'consumer' : 'producer', table)) {
        report(state.values.get(err.property), err.message, why[err.property] ?? '');
      }
    }
  },
};
