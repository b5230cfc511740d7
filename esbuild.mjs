// Bundles: the thin VS Code client, the language server, the CLI, and the webview script; then stages the
// PHP-in-WebAssembly runtime that "Verify with real PHP" loads into dist/php-wasm (scripts/stage-php-wasm.mjs).
import * as esbuild from 'esbuild';
import { stagePhpWasm } from './scripts/stage-php-wasm.mjs';
import { leaveOutUnusedClientFeatures } from './scripts/client-features.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};
const builds = [
  // The client loads at every activation: it keeps its names. Minified names made V8 compile its top level 1.6x
  // slower (26.5 vs 16.0 ms in a CPU profile) and the whole load 74 -> 60 ms on Node 20 and 24 (bench/README.md).
  // Without the language-client features no MemLens server capability uses (scripts/client-features.mjs).
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'],
    plugins: [leaveOutUnusedClientFeatures], ...(production ? { minify: false, minifyWhitespace: true, minifySyntax: true } : {}) },
  // What VS Code loads: it runs dist/client.js from a V8 code cache (client/src/loader.ts).
  { ...common, entryPoints: ['client/src/loader.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' }, external: ['@php-wasm/*'] },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' }, external: ['@php-wasm/*'] },
  { ...common, entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];
const existing = [];
for (const b of builds) {
  try { (await import('node:fs')).statSync(b.entryPoints[0]); existing.push(b); } catch { /* entry not written yet */ }
}
if (watch) {
  await stagePhpWasm({ production });
  for (const b of existing) (await esbuild.context(b)).watch();
} else {
  await Promise.all([...existing.map((b) => esbuild.build(b)), stagePhpWasm({ production })]);
}
