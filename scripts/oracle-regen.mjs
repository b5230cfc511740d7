#!/usr/bin/env node
// Regenerates test/oracle/expected/{off,on}/NNN.out from real php8.2-cli (opcache off = CLI default; on = the
// FPM/Apache default via -d opcache.enable_cli=1, with file_update_protection=0 so a fresh file is cached).
// Usage: node scripts/oracle-regen.mjs [filter]
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runRealPhp, snippetsDir, expectedPath, phpBinary } from '../test/oracle/oracle-lib.mjs';

const filter = process.argv[2] ?? '';
const files = readdirSync(snippetsDir).filter((f) => f.endsWith('.php') && f.includes(filter)).sort();
for (const mode of ['off', 'on']) mkdirSync(join(snippetsDir, '..', 'expected', mode), { recursive: true });
let n = 0;
for (const f of files) {
  for (const mode of ['off', 'on']) {
    const r = runRealPhp(join(snippetsDir, f), mode === 'on');
    // The output as PHP printed it, byte for byte (it was read one character per byte).
    writeFileSync(expectedPath(f, mode), r.stdout, 'latin1');
  }
  n++;
}
// The release they come from: the oracle test names it when real PHP disagrees, scripts/ensure-php.sh installs it.
const version = spawnSync(phpBinary(), ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' }).stdout;
writeFileSync(join(snippetsDir, '..', 'expected', 'php-version'), version + '\n');
console.log(`recorded ${n} snippets in both modes with PHP ${version}`);
