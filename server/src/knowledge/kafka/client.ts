// What librdkafka checks when a client is created (rd_kafka_new), beyond each value on its own: combinations it
// refuses (errors) and the CONFWARN lines it logs for properties the client kind ignores or that are deprecated.
import { findProperty, type Property, type PropertyTable } from './table';
import { setConf } from './validate';
import { nameTable } from '../../core/nameTable';

export type Side = 'producer' | 'consumer';

/** A property's parsed value as set by the application; undefined when left unset. */
export type Lookup = (canonicalName: string) => string | number | boolean | null | undefined;

export interface CreationError { property: string; message: string; }

const ASSIGNORS = nameTable<string>({ range: 'EAGER', roundrobin: 'EAGER', 'cooperative-sticky': 'COOPERATIVE' });

/** rd_kafka_new's refusals for either client kind: the assignor list (checked for producers too). Items are
 * left-trimmed and matched case-sensitively; every builtin assignor belongs to group.protocol.type "consumer". */
function assignorErrors(get: Lookup): CreationError[] {
  const raw = get('partition.assignment.strategy');
  const protocol = get('group.protocol.type');
  if (raw === null || protocol === null) return [];
  const value = typeof raw === 'string' ? raw : 'range,roundrobin';
  const protocolType = typeof protocol === 'string' ? protocol : 'consumer';
  const kinds = new Set<string>();
  for (const part of value.split(',')) {
    const item = part.replace(/^[ \t\n\v\f\r]+/, '');
    if (!item) continue;
    if (protocolType !== 'consumer' || !ASSIGNORS[item]) return [{ property: 'partition.assignment.strategy', message: `Unsupported partition.assignment.strategy: ${item}` }];
    kinds.add(ASSIGNORS[item]);
  }
  if (kinds.size > 1) {
    return [{ property: 'partition.assignment.strategy', message: `All partition.assignment.strategy (${value}) assignors must have the same protocol type, online migration between assignors with different protocol types is not supported` }];
  }
  return [];
}

/** A property's value as the client sees it: the application's, else the table default (parsed). */
function withDefaults(get: Lookup, table: PropertyTable): Lookup {
  return (name) => {
    const v = get(name);
    if (v !== undefined) return v;
    const p = findProperty(table, name);
    return p && p.default !== '' ? setConf(table, name, p.default).parsed : undefined;
  };
}

const SASL_MECHANISMS = ['GSSAPI', 'PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'];

/** Checks of rd_kafka_new that compare properties with each other (defaults included) or need companions. */
function companionErrors(get: Lookup, side: Side, table: PropertyTable): CreationError[] {
  const out: CreationError[] = [];
  const value = withDefaults(get, table);
  const num = (n: string) => { const v = value(n); return typeof v === 'number' ? v : null; };
  const max = num('reconnect.backoff.max.ms');
  const min = num('reconnect.backoff.ms');
  if (max !== null && min !== null && max < min) {
    out.push({ property: get('reconnect.backoff.max.ms') !== undefined ? 'reconnect.backoff.max.ms' : 'reconnect.backoff.ms', message: '`reconnect.backoff.max.ms` must be >= `reconnect.max.ms`' });
  }
  if (typeof get('ssl.keystore.location') === 'string' && get('ssl.keystore.password') === undefined) {
    out.push({ property: 'ssl.keystore.location', message: '`ssl.keystore.password` is mandatory when `ssl.keystore.location` is set' });
  }
  const protocol = value('security.protocol');
  if (protocol === 'sasl_plaintext' || protocol === 'sasl_ssl') {
    const mechanism = value('sasl.mechanisms');
    if (typeof mechanism === 'string' && !SASL_MECHANISMS.includes(mechanism)) {
      out.push({ property: 'sasl.mechanisms', message: `Unsupported SASL mechanism: ${mechanism}` });
    } else if (mechanism === 'PLAIN' && (get('sasl.username') === undefined || get('sasl.password') === undefined)) {
      out.push({ property: 'sasl.mechanisms', message: 'sasl.username and sasl.password must be set' });
    } else if (mechanism === 'GSSAPI') {
      const cmd = value('sasl.kerberos.kinit.cmd');
      for (const m of typeof cmd === 'string' ? cmd.matchAll(/%\{([^}]+)\}/g) : []) {
        if (value(m[1]) === undefined) {
          out.push({ property: 'security.protocol', message: `Invalid sasl.kerberos.kinit.cmd value: Property not available: "${m[1]}"` });
          break;
        }
      }
    }
  }
  if (side === 'consumer') {
    const fetchMax = num('fetch.max.bytes');
    const messageMax = num('message.max.bytes');
    // Only an explicit fetch.max.bytes is checked; left unset, librdkafka raises it to fit.
    if (get('fetch.max.bytes') !== undefined && fetchMax !== null && messageMax !== null && fetchMax < messageMax) {
      out.push({ property: 'fetch.max.bytes', message: '`fetch.max.bytes` must be >= `message.max.bytes`' });
    }
    const receive = get('receive.message.max.bytes');
    const fetch = num('fetch.max.bytes');
    if (typeof receive === 'number' && fetch !== null && receive < fetch + 512) {
      out.push({ property: 'receive.message.max.bytes', message: '`receive.message.max.bytes` must be >= `fetch.max.bytes` + 512' });
    }
    const poll = num('max.poll.interval.ms');
    const session = num('session.timeout.ms');
    if (poll !== null && session !== null && poll < session) {
      // librdkafka's own text has no space after the first name.
      out.push({ property: get('session.timeout.ms') !== undefined ? 'session.timeout.ms' : 'max.poll.interval.ms', message: '`max.poll.interval.ms`must be >= `session.timeout.ms`' });
    }
  }
  return out;
}

/** rd_kafka_new's refusals (FACTS.md 7): the first one is what `new RdKafka\Producer()` throws. A value that is
 * unknown (null) silences every check that needs it. */
export function creationErrors(get: Lookup, side: Side, table: PropertyTable): CreationError[] {
  return [...(side === 'producer' ? producerCreationErrors(get) : []), ...companionErrors(get, side, table), ...assignorErrors(get)];
}

/** The producer-only checks of rd_kafka_new, in the order librdkafka makes them. */
export function producerCreationErrors(get: Lookup): CreationError[] {
  const out: CreationError[] = [];
  const idempotence = get('enable.idempotence');
  if (idempotence === true) {
    const inflight = get('max.in.flight.requests.per.connection');
    if (typeof inflight === 'number' && inflight > 5) {
      out.push({ property: 'max.in.flight.requests.per.connection', message: '`max.in.flight` must be set <= 5 when `enable.idempotence` is true' });
    }
    const acks = get('request.required.acks');
    if (typeof acks === 'number' && acks !== -1) {
      out.push({ property: 'request.required.acks', message: '`acks` must be set to `all` when `enable.idempotence` is true' });
    }
  }
  if (idempotence === false && get('transactional.id') !== undefined && get('transactional.id') !== null) {
    out.push({ property: 'enable.idempotence', message: '`transactional.id` requires `enable.idempotence=true`' });
  }
  if (get('enable.gapless.guarantee') === true && idempotence !== true && idempotence !== null) {
    out.push({ property: 'enable.gapless.guarantee', message: '`enable.gapless.guarantee` requires `enable.idempotence` to be enabled' });
  }
  return out;
}

/** The description librdkafka prints after "is deprecated: " (the table adds the markers). */
export function plainDescription(p: Property): string {
  return p.description.replace(/\*\*(DEPRECATED|EXPERIMENTAL)\*\*:?( subject to change or removal\.)?\s*/g, '').trim();
}

/** CONFWARN lines librdkafka logs at creation for a property the application set. */
export function confWarnings(p: Property, side: Side): string[] {
  const out: string[] = [];
  const ignored = p.scope !== 'both' && p.scope !== side;
  if (p.deprecated || p.experimental) {
    // librdkafka writes " and " only when all three apply, hence its "deprecatedexperimental".
    const and = p.deprecated && p.experimental && ignored ? ' and ' : '';
    out.push(`Configuration property ${p.name} is ${p.deprecated ? 'deprecated' : ''}${and}${p.experimental ? 'experimental' : ''}: ${plainDescription(p)}`);
  }
  if (ignored) {
    out.push(`Configuration property ${p.name} is a ${p.scope} property and will be ignored by this ${side} instance`);
  }
  return out;
}
