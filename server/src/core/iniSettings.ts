// One model for PHP settings wherever they are made: php.ini / conf.d / .user.ini, php-fpm `php_value[...]` and
// `php_admin_value[...]`, and PHP code (`ini_set`, `session_start([...])`, `session_set_cookie_params`,
// `session_save_path`, `session_module_name`). Rules read `SettingSite`s and need not care where a value came from;
// `effectiveSettings` and `crossFileFindings` combine several files the way PHP layers them.
import type { Node } from './parse';
import type { ConfigFile } from '../rules/types';
import { walk, calleeName, span } from './walk';
import { parseIni, type IniDirective } from './ini';
import { parsePhp } from './parse';
import { topLevelStatements } from './units';

export type SettingOrigin =
  | 'ini' | 'php_value' | 'php_flag' | 'php_admin_value' | 'php_admin_flag'
  | 'ini_set' | 'session_start' | 'session_set_cookie_params' | 'session_save_path' | 'session_module_name';

export interface SettingSite {
  /** Full lower-case directive name: `session.cookie_secure`. */
  name: string;
  /** The value as an ini string (`true` -> '1', `false` -> ''), or null when the code computes it. */
  value: string | null;
  origin: SettingOrigin;
  fileName: string;
  /** Where the name is written (the key or the ini name). */
  nameStart: number;
  nameEnd: number;
  /** Where the value is written (a PHP expression or the ini value). */
  valueStart: number;
  valueEnd: number;
  /** The PHP call or ini line that makes the setting. */
  start: number;
  end: number;
  /** For PHP values: the expression, so fixes can rewrite it in PHP syntax. */
  expression?: Node;
}

// ---------------------------------------------------------------------------------------------------------------
// PHP constants

export type PhpConstant = string | number | boolean | null;
const UNKNOWN = undefined;

/** The value of a constant PHP expression (literals, arithmetic, `.`), or undefined when it is not constant. */
export function constantValue(node: Node | null | undefined): PhpConstant | undefined {
  if (!node) return UNKNOWN;
  switch (node.kind) {
    case 'number': {
      const n = Number(String(node.value).replace(/_/g, ''));
      return Number.isFinite(n) ? n : UNKNOWN;
    }
    case 'string': return String(node.value);
    case 'nowdoc': return String(node.value);
    case 'boolean': return Boolean(node.value);
    case 'nullkeyword': return null;
    case 'unary': {
      const v = constantValue(node.what);
      if (typeof v !== 'number') return UNKNOWN;
      return node.type === '-' ? -v : node.type === '+' ? v : UNKNOWN;
    }
    case 'bin': {
      const l = constantValue(node.left);
      const r = constantValue(node.right);
      if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
      if (node.type === '.') return phpString(l) + phpString(r);
      if (typeof l !== 'number' || typeof r !== 'number') return UNKNOWN;
      switch (node.type) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return r === 0 ? UNKNOWN : l / r;
        case '**': return l ** r;
        default: return UNKNOWN;
      }
    }
    default: return UNKNOWN;
  }
}

/** How PHP turns a scalar into the string ini_set() stores. */
export function phpString(v: PhpConstant): string {
  if (v === true) return '1';
  if (v === false || v === null) return '';
  return String(v);
}

/** The argument at `index`, or the named argument `name` (PHP 8 named arguments). */
export function argument(call: Node, index: number, name?: string): Node | undefined {
  const args: Node[] = call.arguments ?? [];
  if (name) {
    const named = args.find((a) => a.kind === 'namedargument' && a.name === name);
    if (named) return named.value;
  }
  const positional = args[index];
  return positional && positional.kind !== 'namedargument' ? positional : undefined;
}

/** `'key' => value` entries of an array literal with constant string keys. */
export function arrayEntries(node: Node | undefined): Array<{ key: string; keyNode: Node; value: Node }> {
  if (!node || node.kind !== 'array') return [];
  const out: Array<{ key: string; keyNode: Node; value: Node }> = [];
  for (const item of node.items ?? []) {
    if (item?.kind !== 'entry' || !item.key) continue;
    const key = constantValue(item.key);
    if (typeof key === 'string') out.push({ key: key.toLowerCase(), keyNode: item.key, value: item.value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings made in PHP code

const COOKIE_PARAMS = ['lifetime', 'path', 'domain', 'secure', 'httponly'];

/** Every setting the given PHP nodes make, in source order. Walks nested functions too: where a setting is made
 * does not change what it sets. */
export function settingsInCode(nodes: Node[], text: string, fileName: string): SettingSite[] {
  const out: SettingSite[] = [];
  const site = (name: string, origin: SettingOrigin, call: Node, nameNode: Node, value: Node) => {
    const v = constantValue(value);
    const callRange = span(call, text);
    const valueRange = span(value, text);
    const nameRange = span(nameNode, text);
    out.push({
      name, origin, fileName, value: v === UNKNOWN ? null : phpString(v),
      nameStart: nameRange.start, nameEnd: nameRange.end, valueStart: valueRange.start, valueEnd: valueRange.end,
      start: callRange.start, end: callRange.end, expression: value,
    });
  };
  for (const root of nodes) {
    walk(root, (n) => {
      if (n.kind !== 'call') return;
      const fn = calleeName(n);
      if (fn === 'ini_set' || fn === 'ini_alter') {
        const name = constantValue(argument(n, 0, 'option'));
        const value = argument(n, 1, 'value');
        if (typeof name === 'string' && value) site(name.toLowerCase(), 'ini_set', n, argument(n, 0, 'option')!, value);
      } else if (fn === 'session_start') {
        for (const e of arrayEntries(argument(n, 0, 'options'))) {
          if (e.key !== 'read_and_close') site(`session.${e.key}`, 'session_start', n, e.keyNode, e.value);
        }
      } else if (fn === 'session_set_cookie_params') {
        const first = argument(n, 0, 'lifetime_or_options');
        if (first?.kind === 'array') {
          for (const e of arrayEntries(first)) site(`session.cookie_${e.key}`, 'session_set_cookie_params', n, e.keyNode, e.value);
        } else {
          COOKIE_PARAMS.forEach((param, i) => {
            const value = argument(n, i, i === 0 ? 'lifetime_or_options' : param);
            if (value) site(`session.cookie_${param}`, 'session_set_cookie_params', n, value, value);
          });
        }
      } else if (fn === 'session_save_path' || fn === 'session_module_name') {
        const value = argument(n, 0, fn === 'session_save_path' ? 'path' : 'module');
        if (value) site(fn === 'session_save_path' ? 'session.save_path' : 'session.save_handler', fn, n, value, value);
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings made in configuration files

export function settingFromDirective(d: IniDirective, fileName: string): SettingSite | null {
  if (d.origin === 'fpm') return null; // the pool's own keys are not PHP settings
  return {
    name: d.name, value: d.value, origin: d.origin, fileName,
    nameStart: d.nameStart, nameEnd: d.nameEnd, valueStart: d.valueStart, valueEnd: d.valueEnd,
    start: d.lineStart, end: d.lineEnd,
  };
}

/** PHP settings of a php.ini-like or php-fpm pool file. php.ini's `[PATH=...]`/`[HOST=...]` sections apply to part of
 * a site only, but they are settings all the same. */
export function settingsInConfig(file: ConfigFile): SettingSite[] {
  if (file.language !== 'ini' && file.language !== 'fpm') return [];
  return parseIni(file.text, file.language).flatMap((d) => settingFromDirective(d, file.fileName) ?? []);
}

// ---------------------------------------------------------------------------------------------------------------
// Layering

const ADMIN = new Set<SettingOrigin>(['php_admin_value', 'php_admin_flag']);

/** What each directive ends up as when the layers apply in the order given (php.ini, conf.d/*.ini in name order,
 * the pool file, .user.ini, then code): later wins, except that a php_admin_value/php_admin_flag cannot be changed
 * by later files or by code (`ini_set()` returns false for it). */
export function effectiveSettings(layers: SettingSite[][]): Map<string, SettingSite> {
  const out = new Map<string, SettingSite>();
  for (const layer of layers) {
    for (const s of layer) {
      const current = out.get(s.name);
      if (current && ADMIN.has(current.origin) && !ADMIN.has(s.origin)) continue;
      out.set(s.name, s);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// session.save_path formats (FACTS.md 6)

export interface SavePathProblem {
  message: string;
  /** The same path written the way the handler reads it, when that can be known. */
  normalised: string | null;
}

const HOST = String.raw`(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])`;
const MEMCACHED_ENTRY = new RegExp(String.raw`^(?:${HOST}(?::\d{1,5}(?::\d+)?)?|/\S+)$`);
const MEMCACHE_ENTRY = new RegExp(String.raw`^(?:(?:(?:tcp|udp)://)?${HOST}(?::\d{1,5})?(?:\?[\w=&.%-]*)?|unix://\S+)$`, 'i');

/** Why `path` does not work with the session handler `handler` (memcached or memcache), or null when it does. */
export function savePathProblem(handler: string | null, path: string | null): SavePathProblem | null {
  if (path === null || path.trim() === '') return null;
  const h = handler?.trim().toLowerCase();
  if (h === 'memcached') {
    if (/^--/.test(path.trim())) return null; // a libmemcached configuration string (`--SERVER=host:port`)
    const entries = path.replace(/^\s*PERSISTENT=\S+\s+/, '').split(/[,\s]+/).filter(Boolean);
    const scheme = entries.map((e) => /^[a-z][a-z0-9+.-]*:\/\//i.exec(e)?.[0]).find(Boolean);
    const normalisedEntries = entries.map((e) => e.replace(/^(?:tcp|udp):\/\//i, '').replace(/\?.*$/, ''));
    const normalised = normalisedEntries.every((e) => MEMCACHED_ENTRY.test(e)) ? normalisedEntries.join(',') : null;
    if (scheme) {
      return {
        message: `ext/memcached reads session.save_path as \`host:port[,host:port]\`, so the \`${scheme}\` prefix is read as part ` +
          `of a host name: session_start() fails with "Failed to create session ID: memcached (path: ${path.trim()})" for a new ` +
          'session (a fatal Error) and "HOSTNAME LOOKUP FAILURE" for an existing one. ' +
          (normalised ? `Write \`${normalised}\`.` : 'Write `host:port` without a scheme.'),
        normalised,
      };
    }
    const bad = entries.find((e) => !MEMCACHED_ENTRY.test(e));
    if (bad) {
      return {
        message: `ext/memcached cannot read \`${bad}\` in session.save_path (expected \`host:port[,host:port]\`): ` +
          `session_start() fails with "Failed to create session ID: memcached (path: ${path.trim()})".` +
          (normalised ? ` Write \`${normalised}\`.` : ''),
        normalised,
      };
    }
    return null;
  }
  if (h === 'memcache') {
    const entries = path.split(',').map((e) => e.trim());
    const bad = entries.find((e) => !MEMCACHE_ENTRY.test(e));
    if (bad !== undefined) {
      return {
        message: `ext/memcache cannot read \`${bad || '(empty entry)'}\` in session.save_path: it expects ` +
          '`tcp://host:port[?options]` or `host:port` entries separated by commas, and the session cannot be opened.',
        normalised: null,
      };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Across files

export interface CrossFileFinding {
  fileName: string;
  start: number;
  end: number;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  related: Array<{ fileName: string; start: number; end: number; message: string }>;
}

/** Findings that only show when several files are read together: the layers are the settings of each file in the
 * order PHP applies them (see `effectiveSettings`). Today: a save_path whose format the save_handler set in another
 * file cannot read. Findings a single file already shows are left to the per-file rules. */
export function crossFileFindings(layers: SettingSite[][]): CrossFileFinding[] {
  const effective = effectiveSettings(layers);
  const handler = effective.get('session.save_handler');
  const path = effective.get('session.save_path');
  if (!handler || !path || handler.fileName === path.fileName) return [];
  const problem = savePathProblem(handler.value, path.value);
  if (!problem) return [];
  return [{
    fileName: path.fileName, start: path.valueStart, end: path.valueEnd, rule: 'session.savePathFormat', severity: 'error',
    message: problem.message,
    related: [{ fileName: handler.fileName, start: handler.valueStart, end: handler.valueEnd, message: `session.save_handler = ${handler.value} is set here` }],
  }];
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point for the CLI and the server's workspace pass

export interface SettingsFile {
  fileName: string;
  text: string;
  /** From `languageOf(fileName)`. */
  language: 'php' | 'ini' | 'fpm' | 'memcached';
  /** PHP files: top-level statements already parsed (the server's PhpDocument.statements()); parsed here if absent. */
  statements?: Node[];
}

/** Where a configuration file sits in PHP's order: php.ini, then conf.d/*.ini by name, then the FPM pool, then
 * .user.ini (per directory, read last). */
function configRank(f: SettingsFile): number {
  const name = f.fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (f.language === 'fpm') return 2;
  if (name === '.user.ini') return 3;
  if (name === 'php.ini' || name.startsWith('php.ini-')) return 0;
  return 1;
}

/** Cross-file session findings for a set of files (a workspace, or the paths given to `memlens check`). Each PHP
 * file is layered on top of the configuration files on its own (separate entry points do not see each other's
 * ini_set calls); configuration files are also checked among themselves. Work is linear in the files given. */
export function sessionFindingsAcrossFiles(files: SettingsFile[]): CrossFileFinding[] {
  const configs = files.filter((f) => f.language === 'ini' || f.language === 'fpm')
    .sort((a, b) => configRank(a) - configRank(b) || a.fileName.localeCompare(b.fileName));
  const layers = configs.map((f) => settingsInConfig({ language: f.language as 'ini' | 'fpm', text: f.text, fileName: f.fileName }));
  const out = new Map<string, CrossFileFinding>();
  const add = (found: CrossFileFinding[]) => { for (const f of found) out.set(`${f.fileName}:${f.start}:${f.rule}`, f); };
  add(crossFileFindings(layers));
  if (!layers.some((l) => l.length)) return [...out.values()];
  for (const f of files) {
    if (f.language !== 'php' || !/session_|ini_set|ini_alter/.test(f.text)) continue;
    const statements = f.statements ?? topLevelStatements(parsePhp(f.text, f.fileName).program);
    add(crossFileFindings([...layers, settingsInCode(statements, f.text, f.fileName)]));
  }
  return [...out.values()];
}
