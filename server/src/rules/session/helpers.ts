// Readers the session rules share: where settings are made (code or config), session handler classes, literal
// values that flow into a call, and edits that rewrite a setting's value in the syntax of its file.
import type { Node } from '../../core/parse';
import type { ConfigFile, Edit, RuleContext, Unit } from '../types';
import { walk, walkScope, span, varName, FUNCTION_LIKE } from '../../core/walk';
import { settingsInCode, settingsInConfig, constantValue, type SettingSite, type PhpConstant } from '../../core/iniSettings';

export function codeSettings(ctx: RuleContext): SettingSite[] {
  return settingsInCode(ctx.unit.nodes, ctx.text, ctx.fileName);
}

export function configSettings(file: ConfigFile): SettingSite[] {
  return settingsInConfig(file);
}

/** A command-line script: a shebang, or a check of PHP_SAPI / php_sapi_name() for 'cli'. */
export function isCliScript(text: string): boolean {
  return text.startsWith('#!') || /\b(?:PHP_SAPI|php_sapi_name\s*\(\s*\))\s*[!=]==?\s*['"]cli['"]|['"]cli['"]\s*[!=]==?\s*(?:PHP_SAPI|php_sapi_name\s*\(\s*\))/.test(text);
}

/** Settings of the CLI's own php.ini (Debian: /etc/php/X.Y/cli/php.ini) never meet a browser. */
export function isCliIni(fileName: string): boolean {
  return /(^|[\\/])cli[\\/]/.test(fileName);
}

/** The last setting of `name` among `sites` (later lines and calls win). */
export function lastSetting(sites: SettingSite[], name: string): SettingSite | undefined {
  for (let i = sites.length - 1; i >= 0; i--) if (sites[i].name === name) return sites[i];
  return undefined;
}

/** Range to underline for a setting: its value, or its name when the value is empty (`session.cookie_httponly =`). */
export function settingRange(s: SettingSite): { start: number; end: number } {
  return s.valueEnd > s.valueStart ? { start: s.valueStart, end: s.valueEnd } : { start: s.nameStart, end: s.nameEnd };
}

/** An edit that gives a setting a new value, written the way its file writes values: in ini files the bare value;
 * in PHP the same literal kind the code used (`true`, `1`, `'1'`). */
export function setValueEdit(text: string, s: SettingSite, value: string, kind: 'bool' | 'string' = 'string'): Edit {
  if (!s.expression) {
    const pad = s.valueStart === s.valueEnd && text[s.valueStart - 1] === '=' ? ' ' : '';
    return { start: s.valueStart, end: s.valueEnd, newText: pad + value };
  }
  const e = s.expression;
  let newText: string;
  if (kind === 'bool' && e.kind === 'boolean') newText = value === '1' ? 'true' : 'false';
  else if (kind === 'bool' && e.kind === 'number') newText = value;
  else if (e.kind === 'string' && !e.isDoubleQuote) newText = `'${value}'`;
  else if (e.kind === 'string') newText = `"${value}"`;
  else newText = kind === 'bool' ? (value === '1' ? 'true' : 'false') : `'${value.replace(/['\\]/g, '\\$&')}'`;
  return { start: s.valueStart, end: s.valueEnd, newText };
}

// ---------------------------------------------------------------------------------------------------------------
// Session handler classes

const HANDLER_INTERFACES = new Set(['sessionhandlerinterface', 'sessionupdatetimestamphandlerinterface', 'sessionidinterface']);

function shortName(name: unknown): string {
  return String(name ?? '').replace(/^.*\\/, '').toLowerCase();
}

/** Interfaces (short, lower-case) a class declares, and whether it extends PHP's own SessionHandler. */
export function sessionHandlerKind(cls: Node): { interfaces: Set<string>; extendsNative: boolean } | null {
  if (cls.kind !== 'class') return null;
  const interfaces = new Set<string>((cls.implements ?? []).map((i: Node) => shortName(i.name)).filter((n: string) => HANDLER_INTERFACES.has(n)));
  const extendsNative = shortName(cls.extends?.name) === 'sessionhandler';
  if (!interfaces.size && !extendsNative) return null;
  return { interfaces, extendsNative };
}

export function sessionHandlerClasses(ctx: RuleContext): Node[] {
  return ctx.unit.nodes.filter((n) => sessionHandlerKind(n));
}

export function methodsOf(cls: Node): Node[] {
  return (cls.body ?? []).filter((m: Node) => m.kind === 'method');
}

export function methodName(m: Node): string {
  return String(m.name?.name ?? m.name ?? '').toLowerCase();
}

export function className(cls: Node): string {
  return String(cls.name?.name ?? cls.name ?? 'class@anonymous');
}

/** The class name as PHP prints it in messages: with its namespace (`App\\Session\\Handler`). */
export function qualifiedClassName(cls: Node, text: string): string {
  const at = cls.loc?.start.offset ?? 0;
  let namespace = '';
  const re = /^[ \t]*namespace\s+([A-Za-z_][\w\\]*)\s*[;{]/gm;
  for (let m = re.exec(text); m && m.index < at; m = re.exec(text)) namespace = m[1];
  return namespace ? `${namespace}\\${className(cls)}` : className(cls);
}

// ---------------------------------------------------------------------------------------------------------------
// Values and scopes

/** Function-like bodies of the unit and the unit's top level, each walked on its own. */
export function scopesOf(nodes: Node[]): Node[] {
  const scopes: Node[] = [{ kind: 'block', children: nodes.filter((n) => !FUNCTION_LIKE.has(n.kind) && n.kind !== 'class') }];
  for (const root of nodes) walk(root, (n) => { if (FUNCTION_LIKE.has(n.kind) && n.body) scopes.push(n); });
  return scopes;
}

/** Calls in a scope, not entering nested functions or classes. */
export function callsIn(scope: Node): Node[] {
  const out: Node[] = [];
  const body = scope.kind === 'block' ? scope : scope.body;
  if (!body) return out;
  walkScope(body, (n) => { if (n.kind === 'call' || n.kind === 'new') out.push(n); });
  return out;
}

/** The constant a value node stands for: a literal, or a local variable whose only assignments in the scope are
 * constants (the last one before `before`). Undefined when it is not known. */
export function resolveConstant(node: Node | undefined, scope: Node | null, before: number): { value: PhpConstant; at: Node } | undefined {
  if (!node) return undefined;
  const direct = constantValue(node);
  if (direct !== undefined) return { value: direct, at: node };
  const name = varName(node);
  if (!name || !scope) return undefined;
  let found: { value: PhpConstant; at: Node } | undefined;
  let dynamic = false;
  const body = scope.kind === 'block' ? scope : scope.body;
  if (!body) return undefined;
  walkScope(body, (n) => {
    if (n.kind === 'assign' && varName(n.left) === name) {
      const v = constantValue(n.right);
      if (v === undefined || n.operator !== '=') dynamic = true;
      else if ((n.loc?.start.offset ?? 0) < before) found = { value: v, at: n.right };
    }
  });
  if (!dynamic && scope.kind !== 'block') {
    if ((scope.arguments ?? []).some((p: Node) => String(p.name?.name ?? p.name) === name)) return undefined;
  }
  return dynamic ? undefined : found;
}

/** The innermost function-like node (or null for top level) containing `offset` among the unit's scopes. */
export function scopeAt(scopes: Node[], offset: number): Node | null {
  let best: Node | null = null;
  for (const s of scopes) {
    if (s.kind === 'block' || !s.loc) continue;
    if (s.loc.start.offset <= offset && offset < s.loc.end.offset) {
      if (!best || s.loc.start.offset >= best.loc!.start.offset) best = s;
    }
  }
  return best ?? scopes[0] ?? null;
}

/** Lower-cased method name of `$x->name(...)` / `$x?->name(...)` / `X::name(...)`. */
export function methodCallName(call: Node): string | null {
  const w = call.what;
  if (w && (w.kind === 'propertylookup' || w.kind === 'nullsafepropertylookup' || w.kind === 'staticlookup') && w.offset?.kind === 'identifier') {
    return String(w.offset.name).toLowerCase();
  }
  return null;
}

/** The receiver text of a method call (`$this->memcached`), for messages and name-based guesses. */
export function receiverText(call: Node, text: string): string {
  const w = call.what?.what;
  if (!w) return '';
  const r = span(w, text);
  return text.slice(r.start, r.end);
}

/** Lower-cased short class names used in type hints, `new`, `instanceof` and static calls within a node. */
export function classNamesIn(node: Node): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.kind === 'name' || n.kind === 'typereference') out.add(shortName(n.name));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Memcached clients

export type MemcacheClient = 'memcached' | 'memcache';

/** Receivers (`$m`, `$this->cache`) the unit shows to hold a Memcached or Memcache object: `new`, a typed
 * parameter or property. Receivers named after the extension count too (`$this->memcached`). */
export function memcacheClients(nodes: Node[], text: string): Map<string, MemcacheClient> {
  const out = new Map<string, MemcacheClient>();
  const kindOf = (name: unknown): MemcacheClient | null => {
    const n = shortName(name);
    return n === 'memcached' ? 'memcached' : n === 'memcache' ? 'memcache' : null;
  };
  const typeKind = (type: Node | null | undefined): MemcacheClient | null => {
    if (!type) return null;
    if (type.kind === 'name' || type.kind === 'typereference') return kindOf(type.name);
    if (type.kind === 'nullabletype') return typeKind(type.what);
    return null;
  };
  for (const root of nodes) {
    walk(root, (n) => {
      if (n.kind === 'assign' && n.right?.kind === 'new') {
        const k = kindOf(n.right.what?.name);
        if (k) out.set(receiverKey(text.slice(n.left.loc.start.offset, n.left.loc.end.offset)), k);
      } else if (n.kind === 'parameter') {
        const k = typeKind(n.type) ?? (n.nullable ? typeKind(n.type) : null);
        const name = String(n.name?.name ?? n.name);
        if (k) {
          out.set(`$${name}`, k);
          if (n.flags) out.set(`$this->${name}`, k);
        }
      } else if (n.kind === 'property') {
        const k = typeKind(n.type);
        if (k) out.set(`$this->${String(n.name?.name ?? n.name)}`, k);
      }
    });
  }
  return out;
}

function receiverKey(written: string): string {
  return written.replace(/\s+/g, '');
}

/** Which client a method call's receiver is, from what the unit shows or, failing that, from its name. */
export function clientOf(call: Node, text: string, known: Map<string, MemcacheClient>): MemcacheClient | null {
  const receiver = receiverKey(receiverText(call, text));
  if (!receiver) return null;
  const k = known.get(receiver);
  if (k) return k;
  if (/memcached/i.test(receiver)) return 'memcached';
  if (/memcache(?!d)/i.test(receiver)) return 'memcache';
  return null;
}

/** `self::NAME` / `static::NAME` resolved against the class constants of the unit. */
export function classConstant(node: Node, nodes: Node[]): Node | undefined {
  if (node.kind !== 'staticlookup' || !['selfreference', 'staticreference'].includes(node.what?.kind) || node.offset?.kind !== 'identifier') return undefined;
  const wanted = String(node.offset.name);
  let found: Node | undefined;
  for (const root of nodes) {
    walk(root, (n) => {
      if (n.kind === 'classconstant') {
        for (const c of n.constants ?? []) if (String(c.name?.name ?? c.name) === wanted) found = c.value;
      }
    });
  }
  return found;
}

/**
 * Every pattern the session rules give unitMentions matches only text holding one of these words (test/session/
 * mentions.test.ts keeps the two lists together). A unit without any, most PHP code, is searched once for all the
 * session rules instead of once per rule: a dozen searches of every file were a twelfth of a WordPress scan. Asked
 * of the unit, not the file, so a keystroke still searches only the declaration it is in.
 */
export const SESSION_WORDS = /ini_|session|sess_|save_path|openssl_|memcache|hash_hmac|sodium_crypto|setsaslauthdata/i;
const sessionWordsIn = new WeakMap<Unit, { text: string; found: boolean }>();

/** Cheap pre-check on the unit's source text: rules skip units that cannot contain what they look for, so a
 * keystroke in an unrelated function costs a string search, not a tree walk. */
export function unitMentions(ctx: RuleContext, pattern: RegExp): boolean {
  const nodes = ctx.unit.nodes;
  if (!nodes.length) return false;
  const start = nodes[0].loc?.start.offset ?? 0;
  const end = nodes[nodes.length - 1].loc?.end.offset ?? ctx.text.length;
  const source = ctx.text.slice(start, end);
  let words = sessionWordsIn.get(ctx.unit);
  if (!words || words.text !== ctx.text) sessionWordsIn.set(ctx.unit, (words = { text: ctx.text, found: SESSION_WORDS.test(source) }));
  return words.found && pattern.test(source);
}
