// Run a snippet in real PHP: the bundled PHP-in-WebAssembly (no host files, no network: nothing is mounted but the
// snippet) or a configured php binary (with a timeout and a memory limit). Returns real output beside a diff helper.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface VerifyOptions {
  phpPath?: string;
  timeoutMs?: number;
  opcache?: boolean;
  memoryLimit?: string;
}

export interface VerifyResult {
  engine: 'wasm' | 'php';
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

/** `code` and what comes back are bytes, one character each (a file's text as PHP reads it: see sim/bytes.ts). */
export async function verifyWithPhp(code: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  if (opts.phpPath) return runBinary(code, opts);
  if (opts.opcache) throw new Error('PHP in WebAssembly cannot enable opcache; configure a php binary (phpPath)');
  return runWasm(code, opts.timeoutMs ?? 10000);
}

async function runBinary(code: string, opts: VerifyOptions): Promise<VerifyResult> {
  const dir = await mkdtemp(join(tmpdir(), 'memlens-verify-'));
  const file = join(dir, 'snippet.php');
  await writeFile(file, code, 'latin1');
  const args = ['-d', `memory_limit=${opts.memoryLimit ?? '256M'}`, '-d', 'display_errors=stderr'];
  if (opts.opcache) args.push('-d', 'opcache.enable_cli=1', '-d', 'opcache.file_update_protection=0');
  else args.push('-d', 'opcache.enable_cli=0');
  args.push(file);
  const start = performance.now();
  try {
    return await new Promise<VerifyResult>((resolve, reject) => {
      const child = spawn(opts.phpPath!, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('latin1').on('data', (d) => (stdout += d));
      child.stderr.setEncoding('latin1').on('data', (d) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        stderr += `\n[memlens] killed after ${opts.timeoutMs ?? 10000} ms\n`;
      }, opts.timeoutMs ?? 10000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ engine: 'php', stdout, stderr, exitCode: status ?? 137, durationMs: performance.now() - start });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where the WebAssembly runtime lives: `php-wasm/` next to the bundle (dist/, staged by scripts/stage-php-wasm.mjs;
 * the only copy inside an installed .vsix, which has no node_modules), else the npm packages (running from the
 * TypeScript sources). Either way the asyncify build: it runs on every Node without flags, so the simulator is
 * always checked against the same engine. */
export function wasmRuntimeLocation(): { universal: string; loader: string; from: 'bundle' | 'node_modules' } {
  const here = typeof __dirname !== 'undefined' ? __dirname : process.cwd();
  const staged = join(here, 'php-wasm');
  if (existsSync(join(staged, 'universal.mjs')) && existsSync(join(staged, 'php_8_2.mjs'))) {
    return { universal: join(staged, 'universal.mjs'), loader: join(staged, 'php_8_2.mjs'), from: 'bundle' };
  }
  const bases = [join(here, 'index.js'), join(process.cwd(), 'index.js')];
  const resolve = (name: string): string => {
    for (const base of bases) {
      try {
        return createRequire(base).resolve(name);
      } catch {
        // try the next base
      }
    }
    throw new Error(`PHP in WebAssembly is not available: neither ${staged} nor the npm package ${name} was found. Configure memlens.verify.phpPath or reinstall MemLens.`);
  };
  return {
    universal: resolve('@php-wasm/universal'),
    loader: join(dirname(resolve('@php-wasm/node-8-2/package.json')), 'asyncify', 'php_8_2.js'),
    from: 'node_modules',
  };
}

/** The runtime modules are cached; every verification gets a fresh runtime because the engine's process-wide state
 * (the GC threshold, for one) survives between run() calls of one instance. */
let runtimeModules: Promise<{ universal: any; loader: any }> | null = null;

function loadRuntimeModules(): Promise<{ universal: any; loader: any }> {
  if (runtimeModules) return runtimeModules;
  const loading = (async () => {
    const where = wasmRuntimeLocation();
    const [universal, loader] = await Promise.all([import(pathToFileURL(where.universal).href), import(pathToFileURL(where.loader).href)]);
    return { universal, loader };
  })();
  // A failed load (files missing) is not kept: installing MemLens again fixes it without a restart.
  loading.catch(() => {
    if (runtimeModules === loading) runtimeModules = null;
  });
  runtimeModules = loading;
  return loading;
}

async function runWasm(code: string, timeoutMs: number): Promise<VerifyResult> {
  const start = performance.now();
  const { universal, loader } = await loadRuntimeModules();
  // Only the runtime's own in-memory file system exists: nothing from the host is mounted.
  const php = new universal.PHP(await universal.loadPHPRuntime(loader, { processId: 1 }));
  // Like the Debian CLI: errors are logged, not displayed, so stdout is only what the script prints.
  await universal.setPhpIniEntries(php, { display_errors: '0', html_errors: '0', log_errors: '0' });
  try {
    // The snippet's bytes as they are (a string here would be written as UTF-8, each byte above 0x7f doubled).
    php.writeFile('/snippet.php', Buffer.from(code, 'latin1'));
    const run = php.run({ scriptPath: '/snippet.php' });
    let timeout: NodeJS.Timeout | undefined;
    const timer = new Promise<never>((_, reject) => { timeout = setTimeout(() => reject(new Error(`PHP (wasm) timed out after ${timeoutMs} ms`)), timeoutMs); });
    let r: any;
    try {
      r = await Promise.race([run, timer]);
    } catch (e: any) {
      // A fatal error (exit 255) rejects with the response attached.
      if (!e?.response) throw e instanceof Error ? e : new Error(describeFailure(e));
      r = e.response;
    } finally {
      clearTimeout(timeout);
    }
    // Bytes, one character each, as the php binary's output is read (`text` would decode them as UTF-8).
    const stdout = r.bytes ? Buffer.from(r.bytes).toString('latin1') : String(r.text ?? '');
    return { engine: 'wasm', stdout, stderr: r.errors ?? '', exitCode: r.exitCode ?? 0, durationMs: performance.now() - start };
  } finally {
    try {
      php.exit();
    } catch {
      // already torn down
    }
  }
}

/** The runtime rejects with plain objects (e.g. `{name: 'ErrnoError', errno: 23}` for a blocked socket). */
function describeFailure(e: any): string {
  if (e?.name && e?.errno !== undefined) return `${e.name} (errno ${e.errno}): the sandbox refused the operation`;
  try { return JSON.stringify(e); } catch { return String(e); }
}

/** A line diff (real vs simulated) for display: lines prefixed with ' ', '-' (real only) or '+' (simulated only). */
export function diffLines(real: string, simulated: string): string[] {
  const a = real.split('\n');
  const b = simulated.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(' ' + a[i]);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push('-' + a[i++]);
    else out.push('+' + b[j++]);
  }
  while (i < n) out.push('-' + a[i++]);
  while (j < m) out.push('+' + b[j++]);
  return out;
}
