#!/usr/bin/env node
// `npm run fuzz [-- --seed N --rounds N --minutes N --scale N]`: the long fuzz run (test/fuzz/long.ts) over the
// parser, the incremental document, every rule, every quick fix and the simulator. `npm test` runs a short, fixed-seed
// version of the same campaign (test/fuzz/fuzz.test.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/fuzz/long.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
