// The `memlens` command: `check` for CI, `simulate` for the GC simulator. Exit codes are a contract (DESIGN.md):
// check: 0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { collectFiles, toFileFindings, type FileResult } from './check';
import { crossFileFindings, readSettingsFiles } from './crossFile';
import { fpmMaxRequestsInProject } from './rules/worker/fpmMaxRequests';
import { checkFiles, workerScript } from './scan/pool';
import { openScanCache, scanFingerprint } from './scan/cache';
import { tuneCompilerForScan } from './scan/compilerFlags';
import { isMainThread } from 'node:worker_threads';
import { isScanChild } from './scan/worker';
import { readSettings, type Settings } from './config';
import { ruleIds } from './rules';
import { FORMATS, format, type FileFinding, type Format } from './report/formats';
import { filterBaseline, makeBaseline, parseBaseline } from './report/baseline';
import type { Severity } from './rules/types';

export interface Io { stdout(s: string): void; stderr(s: string): void; stdoutBytes?(b: Uint8Array): void; }

const USAGE = `usage:
  memlens check PATH... [--format text|json|sarif|checkstyle|github] [--fail-on error|warning|info|none]
                        [--baseline FILE] [--generate-baseline FILE] [--config FILE]
                        [--cache] [--cache-location FILE]
  memlens simulate FILE [--opcache] [--stdout | --json] [--function NAME] [--max-steps N]
  memlens --version`;

class UsageError extends Error {}

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

interface CheckOptions { paths: string[]; format: Format; failOn: Severity | 'none'; baseline?: string; generateBaseline?: string; config?: string; cache?: string; }

/** Where `--cache` keeps results when `--cache-location` does not say. */
export const DEFAULT_CACHE_FILE = '.memlenscache';

function parseCheckArgs(args: string[]): CheckOptions {
  const opts: CheckOptions = { paths: [], format: 'text', failOn: 'warning' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}" (one of ${FORMATS.join(', ')})`);
        opts.format = v as Format;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (!['error', 'warning', 'info', 'none'].includes(v)) throw new UsageError(`--fail-on takes error, warning, info or none, not "${v}"`);
        opts.failOn = v as CheckOptions['failOn'];
        break;
      }
      case '--baseline': opts.baseline = value(); break;
      case '--generate-baseline': opts.generateBaseline = value(); break;
      case '--config': opts.config = value(); break;
      case '--cache': opts.cache ??= DEFAULT_CACHE_FILE; break;
      case '--cache-location': opts.cache = value(); break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        opts.paths.push(arg);
    }
  }
  if (!opts.paths.length) throw new UsageError('check needs at least one PATH');
  return opts;
}

function loadSettings(path: string | undefined, io: Io): Settings {
  const file = path ?? (existsSync('.memlens.json') ? '.memlens.json' : undefined);
  if (!file) return readSettings(null, ruleIds).settings;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e: any) {
    throw new UsageError(`config ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  const { settings, problems } = readSettings(raw, ruleIds);
  for (const p of problems) io.stderr(`memlens: config ${file}: ${p}\n`);
  return settings;
}

export async function runCheck(args: string[], io: Io): Promise<number> {
  const opts = parseCheckArgs(args);
  const settings = loadSettings(opts.config, io);
  const baseline = opts.baseline ? readBaseline(opts.baseline) : null;
  const { files, problems } = collectFiles(opts.paths);
  // Worker threads finish in any order; results are kept by file index so the output is the same on every run.
  const results: FileResult[] = new Array(files.length);
  const cache = opts.cache ? openScanCache(opts.cache, scanFingerprint(settings, workerScript())) : undefined;
  await checkFiles(files, settings, { cache, onResult: (index, _path, result) => { results[index] = result; } });
  const unsaved = cache?.save();
  if (unsaved) io.stderr(`memlens: note: cache ${opts.cache} not written (${unsaved}); results are unaffected\n`);
  let findings: FileFinding[] = [];
  const notices: string[] = [];
  const unreadable = [...problems];
  for (const result of results) {
    findings.push(...result.findings);
    if (result.notice) notices.push(result.notice);
    if (result.unreadable) unreadable.push(result.unreadable);
  }
  for (const [file, { text, findings: found }] of crossFileFindings(readSettingsFiles(files), settings)) {
    findings.push(...toFileFindings(file, text, found));
  }
  // php-fpm recycling matters where the project's PHP has memory findings: the pool rule needs the whole picture.
  findings = fpmMaxRequestsInProject(findings, findings);
  if (opts.generateBaseline) {
    writeFileSync(opts.generateBaseline, JSON.stringify(makeBaseline(findings), null, 2) + '\n');
    io.stderr(`memlens: wrote ${findings.length} finding(s) to baseline ${opts.generateBaseline}\n`);
  }
  if (baseline) findings = filterBaseline(findings, baseline);
  io.stdout(format(opts.format, findings, opts.format === 'text' ? notices : []));
  if (opts.format !== 'text') for (const n of notices) io.stderr(`memlens: note: ${n}\n`);
  for (const u of unreadable) io.stderr(`memlens: ${u}\n`);
  if (unreadable.length) return 2;
  if (opts.failOn === 'none' || opts.generateBaseline) return 0;
  return findings.some((f) => RANK[f.severity] >= RANK[opts.failOn as Severity]) ? 1 : 0;
}

function readBaseline(path: string) {
  try {
    return parseBaseline(readFileSync(path, 'utf8'));
  } catch (e: any) {
    throw new UsageError(`baseline ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': return await runCheck(rest, io);
      case 'simulate': {
        const { runSimulateCli } = await import('./sim/cli');
        return await runSimulateCli(rest, io);
      }
      case '--version': case '-v':
        io.stdout(`memlens ${VERSION}\n`);
        return 0;
      case '--help': case '-h': case 'help':
        io.stdout(USAGE + '\n');
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (e: any) {
    if (e instanceof UsageError) {
      io.stderr(`memlens: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`memlens: internal error: ${e?.stack ?? e}\nPlease report it at https://github.com/memlens/memlens/issues\n`);
    return 2;
  }
}

declare const MEMLENS_VERSION: string | undefined;
const VERSION = typeof MEMLENS_VERSION === 'string' ? MEMLENS_VERSION : 'dev';

// `memlens check` and the server's scan processes check many files (their worker threads share these flags);
// `simulate` runs one long interpreter loop, which the default compiler settings suit.
if (require.main === module && isMainThread && (isScanChild() || process.argv[2] === 'check')) tuneCompilerForScan();

// A scan worker (thread or child process) loads this same bundle (scan/pool.ts); only the main thread of a process
// the user started is the command.
if (require.main === module && isMainThread && !isScanChild()) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), stdoutBytes: (b) => process.stdout.write(b) })
    .then((code) => { process.exitCode = code; });
}
