// `memlens simulate FILE [--opcache] [--stdout | --json] [--function NAME] [--max-steps N]` (DESIGN.md).
// Exit codes: 0 ran, 2 bad input (usage, unreadable, unparsable), 3 outside the supported subset, 4 guard.
import { readFile } from 'node:fs/promises';
import { simulate } from './simulate.js';
import { bytesAsText, traceAsText } from './bytes.js';

export interface CliOut {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The script's output as the bytes PHP prints; without it, those bytes are written as UTF-8 text. */
  stdoutBytes?: (b: Uint8Array) => void;
}

const USAGE = 'usage: memlens simulate FILE [--opcache] [--stdout | --json] [--function NAME] [--max-steps N]\n';

export async function runSimulateCli(argv: string[], out: CliOut): Promise<number> {
  let file: string | undefined;
  let opcache = false;
  let mode: 'stdout' | 'json' = 'stdout';
  let modeSet = false;
  let functionName: string | undefined;
  let maxSteps: number | undefined;
  const args = argv[0] === 'simulate' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--opcache') opcache = true;
    else if (a === '--stdout' || a === '--json') {
      if (modeSet && mode !== a.slice(2)) {
        out.stderr('--stdout and --json are mutually exclusive\n' + USAGE);
        return 2;
      }
      mode = a.slice(2) as 'stdout' | 'json';
      modeSet = true;
    } else if (a === '--function') {
      functionName = args[++i];
      if (!functionName) {
        out.stderr('--function needs a NAME\n' + USAGE);
        return 2;
      }
    } else if (a === '--max-steps') {
      maxSteps = Number(args[++i]);
      if (!Number.isInteger(maxSteps) || maxSteps <= 0) {
        out.stderr('--max-steps needs a positive integer\n' + USAGE);
        return 2;
      }
    } else if (a.startsWith('--')) {
      out.stderr(`unknown option ${a}\n` + USAGE);
      return 2;
    } else if (!file) file = a;
    else {
      out.stderr(`unexpected argument ${a}\n` + USAGE);
      return 2;
    }
  }
  if (!file) {
    out.stderr(USAGE);
    return 2;
  }
  let code: string;
  try {
    code = await readFile(file, 'latin1');
  } catch (e: any) {
    out.stderr(`cannot read ${file}: ${e.code ?? e.message}\n`);
    return 2;
  }
  const r = simulate(code, { opcache, functionName, maxSteps, trace: mode === 'json', file });
  // The file was read as bytes (one character each, as PHP reads it): what goes out as text is decoded again.
  if (mode === 'json') {
    const unsupported = r.unsupported && { ...r.unsupported, message: bytesAsText(r.unsupported.message) };
    const trace = r.trace && traceAsText(r.trace);
    out.stdout(JSON.stringify({ exitCode: r.exitCode, unsupported, guard: r.guard && bytesAsText(r.guard), placeholders: r.placeholders, trace }) + '\n');
  }
  else if (out.stdoutBytes) out.stdoutBytes(Buffer.from(r.stdout, 'latin1'));
  else out.stdout(bytesAsText(r.stdout));
  if (r.exitCode === 2) out.stderr(bytesAsText(r.stderr) || `${file}: cannot parse\n`);
  else if (r.exitCode === 3) out.stderr(`${file}:${r.unsupported!.line}: outside the supported subset: ${bytesAsText(r.unsupported!.message)}\n`);
  else if (r.exitCode === 4) out.stderr(`${file}: stopped by a guard at ${bytesAsText(r.guard ?? '')}\n`);
  return r.exitCode;
}
