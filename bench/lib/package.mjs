// Activation time and package size. Activation loads dist/extension.js in a fresh Node process with a stand-in
// `vscode` module (test/support/activation.ts) and times the module load and activate().
// The .vsix is built from a staged copy (production bundles), so the shared dist/ is left as it is.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { percentile } from './measure.mjs';

const { activateInProbe } = await tsImport('../../test/support/activation.ts', import.meta.url);

/** dist/extension.js under `root`: its first activation (no code cache yet) and a later one (the client from the cache). */
export async function activation(root, times = 5, others = []) {
  const bundle = join(root, 'dist/extension.js');
  const warm = mkdtempSync(join(tmpdir(), 'memlens-bench-storage-'));
  try {
    activateInProbe(bundle, warm); // makes the cache
    const [first, later, ...rest] = probeActivation([{ bundle, storage: 'fresh' }, { bundle, storage: warm }, ...others.map((b) => ({ bundle: b }))], times);
    return { first, later, others: rest };
  } finally {
    rmSync(warm, { recursive: true, force: true });
  }
}

/**
 * Medians over `times` fresh processes per case, the cases taking turns so that a noisy minute hits each alike. A
 * case's `storage` is the extension's global-storage folder: a path (kept), 'fresh' (an empty one per probe), or
 * none (no storage, so no code cache).
 */
function probeActivation(cases, times) {
  const runs = cases.map(() => []);
  for (let i = 0; i < times; i++) {
    cases.forEach(({ bundle, storage }, c) => {
      const folder = storage === 'fresh' ? mkdtempSync(join(tmpdir(), 'memlens-bench-storage-')) : storage;
      try {
        runs[c].push(activateInProbe(bundle, folder));
      } finally {
        if (storage === 'fresh') rmSync(folder, { recursive: true, force: true });
      }
    });
  }
  return runs.map((list) => ({ load: percentile(list.map((r) => r.load), 0.5), activate: percentile(list.map((r) => r.activate), 0.5) }));
}

/**
 * dist/extension.js (first activation and later ones) against the floor under any extension built on
 * vscode-languageclient (as MemLens, vscode-eslint and most LSP clients are): that library alone, bundled as
 * `node esbuild.mjs` bundles the client, loaded by the same probe, in turns with ours. Its activate() does nothing.
 */
export async function activationAndFloor(root) {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-bench-lc-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, "module.exports = { lc: require('vscode-languageclient/node'), activate() {} };\n");
    const esbuild = await import(join(root, 'node_modules/esbuild/lib/main.js'));
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'],
      outfile: join(dir, 'client.js'), nodePaths: [join(root, 'node_modules')], logLevel: 'silent', legalComments: 'none' });
    const { first, later, others: [floor] } = await activation(root, 9, [join(dir, 'client.js')]);
    return { first, later, floor };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function dirSize(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((s, n) => s + dirSize(join(path, n)), 0);
}

export async function vsixSize(root, log) {
  let productionActivation = null;
  const stage = mkdtempSync(join(tmpdir(), 'memlens-bench-vsix-'));
  const rows = [];
  let note = '';
  try {
    for (const item of ['package.json', 'esbuild.mjs', '.vscodeignore', 'tsconfig.json', 'client', 'server', 'syntaxes', 'docs', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md']) {
      if (existsSync(join(root, item))) cpSync(join(root, item), join(stage, item), { recursive: true });
    }
    mkdirSync(join(stage, 'scripts'));
    for (const script of ['stage-php-wasm.mjs', 'client-features.mjs']) cpSync(join(root, 'scripts', script), join(stage, 'scripts', script));
    symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'));
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: stage, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`production build failed: ${build.stderr.slice(0, 300)}`);
    const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
    const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', join(stage, 'memlens.vsix')], { cwd: stage, encoding: 'utf8', input: 'y\n' });
    if (pack.status !== 0) throw new Error(`vsce package failed: ${(pack.stderr || pack.stdout).slice(0, 300)}`);
    rows.push(['memlens.vsix (vsce package --no-dependencies)', statSync(join(stage, 'memlens.vsix')).size / 1048576]);
    productionActivation = await activation(stage);
    for (const f of ['extension.js', 'client.js', 'server.js', 'cli.js', 'webview.js']) if (existsSync(join(stage, 'dist', f))) rows.push([`  dist/${f} (production, uncompressed)`, statSync(join(stage, 'dist', f)).size / 1048576]);
  } catch (e) {
    log(String(e.message ?? e));
    note = `Packaging failed here: ${String(e.message ?? e).split('\n')[0]}`;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const wasm = dirSize(join(root, 'node_modules/@php-wasm/node-8-2'));
  rows.push(['  @php-wasm/node-8-2 on disk, for scale (the .vsix carries only its asyncify build, staged in dist/php-wasm)', wasm / 1048576]);
  const staged = join(root, 'dist/php-wasm');
  if (existsSync(staged)) rows.push(['  dist/php-wasm: the PHP 8.2 runtime "Verify with real PHP" loads (uncompressed)', dirSize(staged) / 1048576]);
  return { rows, note, productionActivation };
}
