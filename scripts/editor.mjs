#!/usr/bin/env node
// `npm run editor`: a real VS Code in the browser (code-server) with MemLens installed, on examples/.
// Ensures code-server (scripts/ensure-code-server.sh: minutes the first time, seconds after), builds and installs the
// .vsix, starts code-server and prints the URL. Ctrl+C stops it (the whole process group).
//
//   npm run editor [-- --port N] [--host ADDR] [--folder DIR] [--no-build]
//
// --host defaults to 127.0.0.1 (this machine only); --port defaults to 8080, or a free port when 8080 is taken.
// --no-build reuses .cache/memlens.vsix from the last run. There is no authentication (--auth none): keep the host on
// loopback unless the network is yours.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    folder: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run editor [-- --port N] [--host ADDR] [--folder DIR] [--no-build]');
  process.exit(0);
}

const lib = await tsImport('../test/e2e/codeServer.ts', import.meta.url);
const { CodeServer, buildVsix, ensureCodeServer, freePort, repoRoot } = lib;

const folder = resolve(values.folder ?? join(repoRoot, 'examples'));
if (!existsSync(folder)) {
  console.error(`editor: no folder ${folder}`);
  process.exit(2);
}

async function portFree(port, host) {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, host, () => s.close(() => res(true)));
  });
}

let port = values.port ? Number(values.port) : 8080;
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`editor: bad --port ${values.port}`);
  process.exit(2);
}
if (!(await portFree(port, values.host))) {
  if (values.port) {
    console.error(`editor: port ${port} on ${values.host} is in use`);
    process.exit(2);
  }
  port = await freePort();
}

try {
  console.log('editor: making sure code-server is installed (about 2-5 minutes the first time)...');
  const toolchain = ensureCodeServer();
  let vsix = join(repoRoot, '.cache/memlens.vsix');
  if (values['no-build'] && existsSync(vsix)) {
    console.log(`editor: reusing ${vsix}`);
  } else {
    console.log('editor: building the .vsix...');
    vsix = buildVsix();
  }
  const server = await CodeServer.start({
    folder,
    vsix: [vsix],
    toolchain,
    host: values.host,
    port,
    logDir: join(repoRoot, 'test-artifacts/editor'),
  });
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    console.log(`\neditor: ${why}, stopping code-server...`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl+C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  console.log('');
  console.log(`  MemLens in VS Code (code-server): ${server.url}`);
  console.log(`  folder: ${folder}`);
  console.log(`  log:    ${server.logFile}`);
  console.log('  Ctrl+C stops it.');
  console.log('');
  // Stay alive while code-server runs; if it dies on its own, say so and exit non-zero.
  const timer = setInterval(() => {
    try {
      process.kill(server.pid, 0);
    } catch {
      clearInterval(timer);
      console.error(`editor: code-server exited; see ${server.logFile}`);
      void server.stop().then(() => process.exit(1));
    }
  }, 1000);
} catch (err) {
  console.error(`editor: ${err?.message ?? err}`);
  process.exit(1);
}
