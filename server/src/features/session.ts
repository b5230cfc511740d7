// Editor help for sessions and Memcached: hovers on directives in php.ini / pool files / memcached.conf and on the
// session and Memcached calls in PHP, and completion of directive names (and their values) in ini and pool files
// and in `ini_set('...')`.
import type { CompletionItem, Completions, FeatureContext, FeatureSet, Hover } from './types';
import type { Node } from '../core/parse';
import { walk, calleeName } from '../core/walk';
import { parseIni, parseMemcachedFlags } from '../core/ini';
import { constantValue } from '../core/iniSettings';
import { INI_BY_NAME, INI_DIRECTIVES, FPM_BY_NAME, FPM_POOL_KEYS, describeDirective, type IniDirectiveInfo } from '../knowledge/ini';
import { methodCallName, memcacheClients, clientOf } from '../rules/session/helpers';
import { nameTable } from '../core/nameTable';

const SESSION_FUNCTIONS = nameTable<string>({
  session_start: 'Opens the session and **locks it** until `session_write_close()` or the end of the request: other requests of the same user wait (ext/memcached gives up after about 0.75 s by default). Options are `session.*` settings without the prefix; `[\'read_and_close\' => true]` reads and releases at once.',
  session_write_close: 'Writes the session and releases its lock. Call it before slow work so the user\'s other requests can proceed.',
  session_commit: 'Alias of `session_write_close()`: writes the session and releases its lock.',
  session_abort: 'Releases the session lock without writing changes.',
  session_regenerate_id: 'Gives the session a new id (call it after login against session fixation). `true` deletes the old session data.',
  session_set_save_handler: 'Installs a session handler. Pass one object implementing `SessionHandlerInterface` (the callback form is deprecated in PHP 8.4). Fails after output has started ("cannot be changed after headers have already been sent").',
  session_set_cookie_params: 'Sets `session.cookie_*` for this request: lifetime, path, domain, secure, httponly, samesite (array form).',
  session_save_path: 'Gets or sets `session.save_path`. ext/memcached reads `host:port[,host:port]`, without `tcp://`.',
  session_module_name: 'Gets or sets `session.save_handler`.',
});

const EXPIRATION_NOTE = 'Expiration: seconds up to 2,592,000 (30 days); anything larger is read as a Unix timestamp, so `86400 * 60` means 1970-03-02 and the item expires at once. Use `time() + N` for longer lifetimes.';
const MEMCACHED_METHODS = nameTable<string>({
  set: `Stores an item. ${EXPIRATION_NOTE}`, add: `Stores an item only if the key is free (usable as a lock). ${EXPIRATION_NOTE}`,
  replace: `Replaces an existing item. ${EXPIRATION_NOTE}`, touch: `Sets a new expiration. ${EXPIRATION_NOTE}`,
  setmulti: `Stores several items. ${EXPIRATION_NOTE}`, cas: `Stores only if nobody changed the item since it was read (check-and-set). ${EXPIRATION_NOTE}`,
  get: 'Returns the item, or **false** when it is missing (check `getResultCode() === Memcached::RES_NOTFOUND`). A session handler\'s `read()` must turn that into `\'\'`.',
  setsaslauthdata: 'SASL credentials. Needs `setOption(Memcached::OPT_BINARY_PROTOCOL, true)` first, or it warns "SASL is only supported with binary protocol" and returns false.',
});

const MEMCACHED_FLAGS = nameTable<string>({
  l: 'Addresses to listen on (comma-separated). Without it memcached listens on **every interface**; it checks no credentials without SASL (-S) or an auth file (-Y). Use `127.0.0.1` or a private address behind a firewall.',
  U: 'UDP port; `0` turns UDP off (the default since memcached 1.5.6). Open UDP beyond loopback makes the server a DDoS amplifier.',
  p: 'TCP port (default 11211).',
  m: 'Memory for items, in megabytes (default 64).',
  c: 'Most simultaneous connections (default 1024).',
  s: 'Unix socket path: turns TCP and UDP off.',
  S: 'Require SASL authentication (clients need the binary protocol).',
  Y: 'Require the username:password pairs of this file (ASCII protocol authentication, memcached 1.5.13+).',
  u: 'User to run as (required when started as root).',
  d: 'Run as a daemon.',
  t: 'Worker threads (default 4).',
  I: 'Largest item size (default 1m).',
});

function wordAt(text: string, offset: number, chars = /[\w.\[\]-]/): { start: number; end: number } {
  let start = offset;
  let end = offset;
  while (start > 0 && chars.test(text[start - 1])) start--;
  while (end < text.length && chars.test(text[end])) end++;
  return { start, end };
}

function directiveInfo(name: string, language: string): IniDirectiveInfo | undefined {
  return INI_BY_NAME.get(name) ?? (language === 'fpm' ? FPM_BY_NAME.get(name) : undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Hovers

function configHover(ctx: FeatureContext): Hover | null {
  if (ctx.language === 'memcached') {
    const flag = parseMemcachedFlags(ctx.text).find((f) => ctx.offset >= f.flagStart && ctx.offset <= Math.max(f.valueEnd, f.flagStart + f.written.length));
    const doc = flag && MEMCACHED_FLAGS[flag.flag];
    return doc ? { start: flag!.flagStart, end: Math.max(flag!.valueEnd, flag!.flagStart + flag!.written.length), markdown: `**memcached ${flag!.written}**\n\n${doc}` } : null;
  }
  if (ctx.language !== 'ini' && ctx.language !== 'fpm') return null;
  const directive = parseIni(ctx.text, ctx.language).find((d) => ctx.offset >= d.nameStart && ctx.offset <= d.nameEnd);
  if (!directive) return null;
  const info = directiveInfo(directive.name, ctx.language);
  if (!info) return null;
  let markdown = describeDirective(info);
  if (directive.origin === 'php_admin_value' || directive.origin === 'php_admin_flag') markdown += '  \nSet with `php_admin_*`: `ini_set()` cannot change it in this pool.';
  return { start: directive.nameStart, end: directive.nameEnd, markdown };
}

/** The innermost node whose range holds the offset, with its parent chain. */
function nodesAt(statements: Node[], offset: number): Node[] {
  const chain: Node[] = [];
  for (const root of statements) {
    if (!root.loc || offset < root.loc.start.offset || offset > root.loc.end.offset) continue;
    walk(root, (n) => {
      if (!n.loc || offset < n.loc.start.offset || offset > n.loc.end.offset) return false;
      chain.push(n);
      return true;
    });
  }
  return chain;
}

function phpHover(ctx: FeatureContext): Hover | null {
  const chain = nodesAt(ctx.statements(), ctx.offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    const range = n.loc ? { start: n.loc.start.offset, end: n.loc.end.offset } : null;
    if (!range) continue;
    if (n.kind === 'string') {
      const call = chain.slice(0, i).reverse().find((c) => c.kind === 'call');
      const fn = call ? calleeName(call) : null;
      const value = String(constantValue(n) ?? '').toLowerCase();
      // ini_set('session.x', ...), or a key of session_start([...]).
      const name = fn && /^ini_(set|get|restore|alter)$/.test(fn) && call!.arguments?.[0] === n ? value
        : fn === 'session_start' && chain.slice(0, i).some((c) => c.kind === 'entry' && c.key === n) ? `session.${value}` : null;
      const info = name ? INI_BY_NAME.get(name) : undefined;
      if (info) return { ...range, markdown: describeDirective(info) };
    }
    if (n.kind === 'name' && chain[i - 1]?.kind === 'call') {
      const doc = SESSION_FUNCTIONS[String(n.name).replace(/^.*\\/, '').toLowerCase()];
      if (doc) return { ...range, markdown: `**${String(n.name).replace(/^\\/, '')}()**\n\n${doc}` };
    }
    if (n.kind === 'identifier' && chain[i - 1]?.kind === 'propertylookup' && chain[i - 2]?.kind === 'call') {
      const call = chain[i - 2];
      const method = methodCallName(call);
      const doc = method ? MEMCACHED_METHODS[method] : undefined;
      if (doc && clientOf(call, ctx.text, memcacheClients(ctx.statements(), ctx.text)) === 'memcached') {
        return { ...range, markdown: `**Memcached::${n.name}()**\n\n${doc}` };
      }
    }
  }
  return null;
}

export const sessionHover = (ctx: FeatureContext): Hover | null => (ctx.language === 'php' ? phpHover(ctx) : configHover(ctx));

// ---------------------------------------------------------------------------------------------------------------
// Completion

function item(info: IniDirectiveInfo, kind: CompletionItem['kind'] = 'directive'): CompletionItem {
  return { label: info.name, kind, detail: `default: ${info.default === '' ? '(empty)' : info.default}`, documentation: describeDirective(info) };
}

function valueItems(info: IniDirectiveInfo): CompletionItem[] {
  const values = info.values ?? (info.kind === 'bool' ? ['1', '0', 'On', 'Off'] : []);
  return values.filter(Boolean).map((v) => ({
    label: v, kind: 'value' as const,
    detail: info.recommended?.value === v ? 'recommended' : v === info.default ? 'default' : undefined,
  }));
}

export const sessionCompletion = (ctx: FeatureContext): Completions | null => {
  const { text, offset } = ctx;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (ctx.language === 'php') {
    const m = /\bini_(?:set|get|restore)\s*\(\s*(['"])([\w.]*)$/.exec(before);
    if (!m) return null;
    return { start: offset - m[2].length, end: offset, items: INI_DIRECTIVES.map((d) => item(d)) };
  }
  if (ctx.language !== 'ini' && ctx.language !== 'fpm') return null;
  if (/^\s*[;#\[]/.test(before) && !/^\s*php_(admin_)?(value|flag)\[/.test(before)) return null;
  const bracket = /^\s*php_(?:admin_)?(?:value|flag)\[\s*([\w.]*)$/.exec(before);
  if (bracket) return { start: offset - bracket[1].length, end: offset, items: INI_DIRECTIVES.map((d) => item(d)) };
  const eq = before.indexOf('=');
  if (eq >= 0) {
    const rawName = before.slice(0, eq).trim();
    const name = (/\[\s*([^\]\s]+)\s*\]/.exec(rawName)?.[1] ?? rawName).toLowerCase();
    const info = directiveInfo(name, ctx.language);
    if (!info) return null;
    const typed = /[\w.-]*$/.exec(before)![0];
    const items = valueItems(info);
    return items.length ? { start: offset - typed.length, end: offset, items } : null;
  }
  const typed = wordAt(text, offset, /[\w.]/);
  const items = INI_DIRECTIVES.map((d) => item(d));
  if (ctx.language === 'fpm') {
    items.push(...FPM_POOL_KEYS.map((d) => item(d, 'property')));
    for (const p of ['php_value', 'php_admin_value', 'php_flag', 'php_admin_flag']) items.push({ label: `${p}[...]`, kind: 'keyword', insertText: `${p}[`, detail: p.includes('admin') ? 'cannot be changed by ini_set()' : 'can be changed by ini_set()' });
  }
  return { start: typed.start, end: offset, items };
};

export const sessionFeatures: FeatureSet = {
  hovers: [sessionHover],
  completions: [sessionCompletion],
};
