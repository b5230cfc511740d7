// Shared by scripts/oracle-regen.mjs and the oracle test: how real PHP is run on a corpus snippet.
import { spawnSync } from 'node:child_process';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const snippetsDir = join(fileURLToPath(new URL('.', import.meta.url)), 'snippets');

export function expectedPath(file, mode) {
  return join(snippetsDir, '..', 'expected', mode, basename(file).slice(0, 3) + '.out');
}

export function phpBinary() {
  return process.env.MEMLENS_PHP || 'php';
}

/** Runs php on a file; opcache on = -d opcache.enable_cli=1 -d opcache.file_update_protection=0. */
export function runRealPhp(file, opcache) {
  const args = opcache
    ? ['-d', 'opcache.enable_cli=1', '-d', 'opcache.file_update_protection=0', '-d', 'opcache.jit=off', file]
    : ['-d', 'opcache.enable_cli=0', file];
  const r = spawnSync(phpBinary(), args, { encoding: 'latin1', timeout: 60000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
