import type { Rule } from '../types';
import { parseMemcachedFlags, type MemcachedFlag } from '../../core/ini';

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|\[::1\]|localhost|ip6-localhost)$/i;

/** The address part of a listen entry: `10.0.0.5`, `[::1]:11211` -> `[::1]`, `0.0.0.0:11211` -> `0.0.0.0`. */
function hostOf(entry: string): string {
  const bracketed = /^(\[[^\]]+\])/.exec(entry);
  if (bracketed) return bracketed[1];
  return (entry.match(/:/g) ?? []).length === 1 ? entry.split(':')[0] : entry;
}

function listenEntries(flags: MemcachedFlag[]): Array<{ host: string; start: number; end: number }> {
  const out: Array<{ host: string; start: number; end: number }> = [];
  for (const f of flags.filter((x) => x.flag === 'l')) {
    let offset = f.valueStart;
    for (const part of f.value.split(',')) {
      const lead = part.length - part.trimStart().length;
      const entry = part.trim();
      if (entry) out.push({ host: hostOf(entry), start: offset + lead, end: offset + lead + entry.length });
      offset += part.length + 1;
    }
  }
  return out;
}

const NO_AUTH = 'memcached checks no credentials unless started with SASL (-S) or an auth file (-Y), so anyone who ' +
  'reaches the port can read, change and flush every cached value and session.';

// memcached is meant to sit behind a firewall on a private interface. Listening on every interface exposes the
// data; UDP (off by default since memcached 1.5.6) reflects a small spoofed request as a response tens of thousands
// of times larger, which is how the 2018 memcached amplification attacks worked.
export const memcachedExposed: Rule = {
  meta: {
    id: 'config.memcachedExposed',
    area: 'config',
    severity: 'warning',
    description: 'memcached listening beyond loopback, or with UDP open to the network.',
    fixable: true,
    languages: ['memcached'],
  },
  checkConfig(ctx) {
    const flags = parseMemcachedFlags(ctx.file.text);
    if (!flags.length || flags.some((f) => f.flag === 's')) return; // a unix socket turns TCP/UDP off
    const entries = listenEntries(flags);
    const exposed = entries.filter((e) => !LOOPBACK.test(e.host));
    const loopbackOnly = entries.length > 0 && exposed.length === 0;
    if (entries.length === 0) {
      const first = flags[0];
      const at = first.valueEnd > first.valueStart ? first.valueEnd : first.flagStart + first.written.length;
      ctx.report({
        start: first.flagStart, end: first.flagStart + first.written.length,
        message: `No -l option: memcached listens on every network interface (INADDR_ANY). ${NO_AUTH} Add -l 127.0.0.1 (or the private address clients use).`,
        fixes: [{ title: 'Listen on 127.0.0.1 only', edits: [{ start: at, end: at, newText: ' -l 127.0.0.1' }], preferred: true }],
      });
    }
    for (const e of exposed) {
      const any = e.host === '0.0.0.0' || e.host === '::' || e.host === '[::]' || e.host === '*';
      ctx.report({
        start: e.start, end: e.end,
        message: `memcached listens on ${any ? 'every network interface' : e.host}, beyond loopback. ${NO_AUTH} ` +
          'Listen on 127.0.0.1, or on a private address behind a firewall.',
        fixes: [{ title: 'Listen on 127.0.0.1', edits: [{ start: e.start, end: e.end, newText: '127.0.0.1' }], preferred: true }],
      });
    }
    for (const u of flags.filter((f) => f.flag === 'U')) {
      if (/^0*$/.test(u.value.trim()) || loopbackOnly) continue;
      ctx.report({
        start: u.valueStart, end: u.valueEnd,
        message: `UDP is open on port ${u.value}: memcached answers a small UDP request with a response up to tens of ` +
          'thousands of times larger, to whatever source address the request claims, so a spoofed request turns ' +
          'this server into a DDoS amplifier (the 2018 memcached attacks). PHP clients use TCP. Set -U 0.',
        fixes: [{ title: 'Turn UDP off: -U 0', edits: [{ start: u.valueStart, end: u.valueEnd, newText: '0' }], preferred: true }],
      });
    }
  },
};
