// Findings that only appear when several files are read together (a save_handler in php.ini and a save_path in
// code). Run after the per-file pass, over the same set of files, by the CLI and the server's workspace pass.
import { readFileSync } from 'node:fs';
import { languageOf } from './core/analyze';
import { sessionFindingsAcrossFiles, type SettingsFile, type CrossFileFinding } from './core/iniSettings';
import { applySuppressions } from './rules/suppress';
import type { Settings } from './config';
import type { Finding, Severity } from './rules/types';

/** Only PHP files that can change session settings take part; others are not even read. */
const SETTING_CALLS = /session_|ini_set|ini_alter/;

export function readSettingsFiles(paths: string[], readText: (path: string) => string | null = readTextOrNull): SettingsFile[] {
  const configs: SettingsFile[] = [];
  for (const fileName of paths) {
    const language = languageOf(fileName);
    if (language !== 'ini' && language !== 'fpm') continue;
    const text = readText(fileName);
    if (text !== null) configs.push({ fileName, text, language });
  }
  // Without a configuration file that mentions sessions, no finding can span files: skip reading PHP.
  if (!configs.some((c) => c.text.includes('session'))) return configs;
  const php: SettingsFile[] = [];
  for (const fileName of paths) {
    if (languageOf(fileName) !== 'php') continue;
    const text = readText(fileName);
    if (text !== null && SETTING_CALLS.test(text)) php.push({ fileName, text, language: 'php' });
  }
  return [...configs, ...php];
}

/** Cross-file findings grouped by file, with the user's severities and each file's suppression comments applied. */
export function crossFileFindings(files: SettingsFile[], settings: Settings): Map<string, { text: string; findings: Finding[] }> {
  const byFile = new Map<string, { text: string; findings: Finding[] }>();
  if (!files.some((f) => f.language !== 'php')) return byFile;
  const texts = new Map(files.map((f) => [f.fileName, f.text]));
  for (const f of sessionFindingsAcrossFiles(files)) {
    const level = settings.rules[f.rule];
    if (level === 'off') continue;
    const text = texts.get(f.fileName);
    if (text === undefined) continue;
    const entry = byFile.get(f.fileName) ?? { text, findings: [] };
    entry.findings.push(toFinding(f, (level as Severity | undefined) ?? f.severity));
    byFile.set(f.fileName, entry);
  }
  for (const entry of byFile.values()) entry.findings = applySuppressions(entry.text, entry.findings);
  return byFile;
}

function toFinding(f: CrossFileFinding, severity: Severity): Finding {
  // Related locations in other files cannot be offsets into this file: name them in the message instead.
  const elsewhere = f.related.map((r) => `${r.message} (${r.fileName})`).join('; ');
  return { rule: f.rule, severity, start: f.start, end: f.end, message: elsewhere ? `${f.message} ${elsewhere}.` : f.message };
}

export function readTextOrNull(path: string): string | null {
  try { return readFileSync(path, 'utf8'); } catch { return null; }
}
