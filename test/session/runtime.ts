// Real memcached and real PHP for the proof tests: a private memcached on 127.0.0.1 (a free port, UDP off), and PHP
// 8.2 CLI with php-memcached. Missing tools fail loudly with the script that installs them; every wait is bounded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PHP = process.env.MEMLENS_PHP ?? 'php8.2';
const INSTALL_HINT = 'run scripts/ensure-memcached.sh (installs memcached, php8.2-cli, php-memcached)';

/** Throws with a clear reason when memcached, php8.2 or php-memcached is missing. */
export function requireTools(): void {
  const memcached = spawnSync('memcached', ['-V'], { encoding: 'utf8' });
  if (memcached.error || memcached.status !== 0) throw new Error(`memcached is not installed: ${INSTALL_HINT}`);
  const php = spawnSync(PHP, ['-r', 'echo PHP_VERSION, "|", extension_loaded("memcached") ? phpversion("memcached") : "none";'], { encoding: 'utf8' });
  if (php.error || php.status !== 0) throw new Error(`${PHP} is not installed: ${INSTALL_HINT}`);
  const [version, ext] = php.stdout.split('|');
  if (!version.startsWith('8.2')) throw new Error(`${PHP} is PHP ${version}, the proofs are pinned to PHP 8.2: ${INSTALL_HINT}`);
  if (ext === 'none') throw new Error(`php-memcached is not loaded in ${PHP}: ${INSTALL_HINT}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}

export interface Memcached { port: number; stop(): Promise<void>; }

/** memcached on 127.0.0.1 only, UDP off (-U 0), 16 MB; resolves once it accepts connections (within 5 s). */
export async function startMemcached(): Promise<Memcached> {
  const port = await freePort();
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16', '-c', '64'];
  if (process.getuid?.() === 0) args.push('-u', 'nobody'); // memcached refuses to run as root without -u
  const child: ChildProcess = spawn('memcached', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 5000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`memcached exited (${child.exitCode}): ${stderr.trim()}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`memcached did not accept connections on 127.0.0.1:${port} within 5 s: ${stderr.trim()}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 3000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

export interface PhpRun { status: number | null; output: string; ms: number; }

const BASE_INI: Record<string, string> = {
  display_errors: '1', error_reporting: String(32767), log_errors: '0', html_errors: '0',
  'session.use_cookies': '0', 'session.use_strict_mode': '0', 'session.gc_probability': '0',
};

const scratch = mkdtempSync(join(tmpdir(), 'memlens-session-proofs-'));
let counter = 0;

function argsFor(code: string, ini: Record<string, string>): string[] {
  const file = join(scratch, `p${++counter}.php`);
  writeFileSync(file, code);
  return [...Object.entries({ ...BASE_INI, ...ini }).flatMap(([k, v]) => ['-d', `${k}=${v}`]), file];
}

/** Runs PHP code (a whole file, with `<?php`) with the given ini settings; stdout and stderr together. */
export function runPhp(code: string, ini: Record<string, string> = {}, timeoutMs = 15000): PhpRun {
  const started = Date.now();
  const r = spawnSync(PHP, argsFor(code, ini), { encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw new Error(`${PHP} failed to run: ${r.error.message}`);
  return { status: r.status, output: (r.stdout ?? '') + (r.stderr ?? ''), ms: Date.now() - started };
}

/** The same, without waiting: for requests that must overlap. */
export function runPhpAsync(code: string, ini: Record<string, string> = {}, timeoutMs = 15000): Promise<PhpRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(PHP, argsFor(code, ini), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${PHP} ran longer than ${timeoutMs} ms`)); }, timeoutMs);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (status) => { clearTimeout(timer); resolve({ status, output, ms: Date.now() - started }); });
  });
}

export function cleanupScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}
