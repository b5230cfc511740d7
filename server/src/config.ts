// Settings shared by the server (from `memlens.*` workspace configuration) and the CLI (from --config FILE).
// Unknown or invalid values never throw: they are dropped and reported back so the user sees what was ignored.
import type { PhpVersion } from './core/parse';
import type { Severity } from './rules/types';

export type RuleLevel = Severity | 'off';

export interface Settings {
  phpVersion: PhpVersion;
  opcache: boolean;
  /** Per-rule severity override or 'off'. */
  rules: Record<string, RuleLevel>;
  longRunning: { extraLoopCalls: string[] };
  verify: { phpPath: string | null };
  kafka: { librdkafkaVersion: string | null };
}

export const defaultSettings: Settings = Object.freeze({
  phpVersion: '8.2',
  opcache: false,
  rules: {},
  longRunning: { extraLoopCalls: [] },
  verify: { phpPath: null },
  kafka: { librdkafkaVersion: null },
}) as Settings;

const PHP_VERSIONS: readonly string[] = ['8.1', '8.2', '8.3', '8.4'];
const LEVELS: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

export interface SettingsResult {
  settings: Settings;
  problems: string[];
}

/** Reads a loosely-typed object (VS Code configuration or a JSON config file) into Settings. */
export function readSettings(raw: unknown, knownRules: ReadonlySet<string>): SettingsResult {
  const problems: string[] = [];
  const settings: Settings = structuredClone(defaultSettings);
  if (raw == null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, problems: ['settings must be an object'] };
  }
  const input = raw as Record<string, any>;
  const php = input.php ?? {};
  const version = php.version ?? input.phpVersion;
  if (version !== undefined) {
    if (PHP_VERSIONS.includes(String(version))) settings.phpVersion = String(version) as PhpVersion;
    else problems.push(`php.version "${version}" is not one of ${PHP_VERSIONS.join(', ')}; using ${settings.phpVersion}`);
  }
  if (input.opcache !== undefined) {
    if (typeof input.opcache === 'boolean') settings.opcache = input.opcache;
    else problems.push(`opcache must be true or false, not ${JSON.stringify(input.opcache)}`);
  }
  const rules = input.rules ?? {};
  if (typeof rules !== 'object' || Array.isArray(rules)) problems.push('rules must be an object of rule id -> severity');
  else {
    for (const [id, level] of Object.entries(rules)) {
      if (!knownRules.has(id)) problems.push(`unknown rule "${id}" in rules`);
      else if (!LEVELS.includes(String(level))) problems.push(`rule "${id}": severity "${level}" is not one of ${LEVELS.join(', ')}`);
      else settings.rules[id] = level as RuleLevel;
    }
  }
  const extra = input.longRunning?.extraLoopCalls;
  if (extra !== undefined) {
    if (Array.isArray(extra) && extra.every((x) => typeof x === 'string')) settings.longRunning.extraLoopCalls = extra;
    else problems.push('longRunning.extraLoopCalls must be a list of function or method names');
  }
  const phpPath = input.verify?.phpPath;
  if (phpPath !== undefined && phpPath !== null && phpPath !== '') {
    if (typeof phpPath === 'string') settings.verify.phpPath = phpPath;
    else problems.push('verify.phpPath must be a path');
  }
  const rdkafka = input.kafka?.librdkafkaVersion;
  if (rdkafka !== undefined && rdkafka !== null && rdkafka !== '') {
    if (typeof rdkafka === 'string') settings.kafka.librdkafkaVersion = rdkafka;
    else problems.push('kafka.librdkafkaVersion must be a version string');
  }
  return { settings, problems };
}
