#!/usr/bin/env node
// `npm test`: build the bundles, then run every *.test.ts under test/ and server/src with node's test runner.
// Suites that need a real tool (php8.2-cli, memcached, kcat, chromium, code-server) install or locate it themselves
// through scripts/ensure-*.sh, which .ci/run calls first; a missing tool fails the suite, it is never skipped silently.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv.slice(2);

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

let files = [...find(join(root, 'server/src')), ...find(join(root, 'test'))].sort();
if (filter.length) files = files.filter((f) => filter.some((p) => f.includes(p)));
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, MEMLENS_ROOT: root },
});
process.exit(run.status ?? 1);
