// One entry point for a whole file, used by the CLI and tests (the server keeps PhpDocuments open instead).
// Decides what kind of file it is, and turns unreadable input into a finding rather than an exception.
import type { ConfigFile, Finding, Language } from '../rules/types';
import { parsePhp, MAX_RECOVERED_ERRORS, type ParseError } from './parse';
import type { Settings } from '../config';
import { runConfig, runUnit, type UnitLimits } from '../rules/run';
import { applySuppressions } from '../rules/suppress';
import { topLevelStatements, splitUnits } from './units';
import { fileFacts } from './facts';
import { startBudget, overBudgetFinding } from './budget';

export const PARSE_ERROR = 'php.parseError';
export const SKIPPED = 'memlens.skipped';
/** Larger files are not analysed (generated code, dumps); the user is told so on the file. */
export const MAX_ANALYSED_BYTES = 4 * 1024 * 1024;

export function parseErrorFinding(error: ParseError, base: number, textLength: number): Finding {
  if (error.limit) return { rule: SKIPPED, severity: 'info', start: 0, end: 0, message: `Not analysed: ${error.message}.` };
  const start = Math.min(error.start + base, textLength);
  return {
    rule: PARSE_ERROR,
    severity: 'error',
    start,
    end: Math.min(Math.max(error.end + base, start), textLength),
    message: `PHP syntax error: ${error.message}. MemLens analyses this part of the file again once it parses.`,
  };
}

export function analysisLimitFinding(length: number): Finding {
  return {
    rule: SKIPPED, severity: 'info', start: 0, end: 0,
    message: `Not analysed: the file is ${(length / 1048576).toFixed(1)} MB, over MemLens's ${MAX_ANALYSED_BYTES / 1048576} MB limit.`,
  };
}

/** Which analysis a path gets, or null when MemLens does not read it. */
export function languageOf(path: string): Language | null {
  const name = path.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (name.endsWith('.php') || name.endsWith('.phtml') || name.endsWith('.inc')) return 'php';
  if (name === 'memcached.conf' || name === 'memcached.service') return 'memcached';
  if (name === 'php.ini' || name === '.user.ini' || name.startsWith('php.ini-')) return 'ini';
  if (name.endsWith('.ini') && /(^|\/)(php[^/]*|conf\.d|mods-available)\//.test(path.replace(/\\/g, '/'))) return 'ini';
  if (name.endsWith('.conf') && /(^|\/)(php-fpm\.d|pool\.d|fpm)\//.test(path.replace(/\\/g, '/'))) return 'fpm';
  if (name === 'www.conf' || name === 'php-fpm.conf') return 'fpm';
  return null;
}

export function analyzeConfig(file: ConfigFile, settings: Settings): Finding[] {
  return applySuppressions(file.text, runConfig(file, settings)).sort((a, b) => a.start - b.start);
}

export interface DecodedText { text: string; problem: string | null; }

/** Bytes to text: binary content is refused, invalid UTF-8 is decoded lossily and said so, a BOM is kept. */
export function decode(bytes: Uint8Array): DecodedText {
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return { text: '', problem: 'binary content (NUL bytes); not a PHP or config text file' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problem: null };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), problem: 'invalid UTF-8; invalid bytes were read as U+FFFD' };
  }
}

/**
 * The findings of a PHP text read once (`memlens check`, the workspace scan): what `new PhpDocument(text).findings()`
 * reports, without what a document needs to be edited. The parse keeps no comments (the document needs them only
 * to tile its text; no rule reads them, and suppressions are read from the text) and nothing is tiled: on WordPress
 * that is a quarter less parse and garbage. test/perf/analyzeOnce.test.ts holds the two to the same findings on
 * real code, whole and broken.
 */
export function analyzeOnce(text: string, fileName: string, settings: Settings): Finding[] {
  if (text.length > MAX_ANALYSED_BYTES) return [analysisLimitFinding(text.length)];
  const { program, errors } = parsePhp(text, fileName, MAX_RECOVERED_ERRORS, { comments: false });
  // As the document: a file that does not parse shows its first error and nothing else.
  if (errors.length) return [parseErrorFinding(errors[0], 0, text.length)];
  const facts = fileFacts(text);
  const limits: UnitLimits = { budget: startBudget(), skipped: [] };
  const out: Finding[] = [];
  for (const unit of splitUnits(topLevelStatements(program))) {
    for (const f of runUnit(unit, text, fileName, facts, settings, undefined, limits)) out.push(f);
  }
  return finishFindings(text, out, limits);
}

/** The end of every analysis of a PHP text: what the budget skipped, the suppressions applied, in text order. */
export function finishFindings(text: string, out: Finding[], limits: UnitLimits): Finding[] {
  if (limits.skipped.length) out.push(overBudgetFinding(limits.budget, limits.skipped));
  return applySuppressions(text, out).sort((a, b) => a.start - b.start || a.end - b.end);
}
