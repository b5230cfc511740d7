#!/usr/bin/env node
// Stages the PHP-in-WebAssembly runtime that "Verify with real PHP" loads into dist/php-wasm/, so that the .vsix
// (built with --no-dependencies, so without node_modules) can run real PHP with nothing configured.
//
// What the verify path (server/src/verify) loads, and so all that is staged:
//   universal.mjs          @php-wasm/universal with its runtime deps (util, logger, progress, stream-compression, ini)
//                          bundled into one ES module by esbuild: about 0.2 MB instead of the packages' 1.8 MB.
//   php_8_2.mjs            @php-wasm/node-8-2's asyncify loader, verbatim (renamed .mjs: it is an ES module and the
//                          extension's package.json does not say "type": "module").
//   8_2_33/php_8_2.wasm    the PHP 8.2 binary it loads, from the folder the loader names (23 MB, ~8.6 MB in the zip).
//   LICENSE.*              the packages' licenses (GPL-2.0-or-later; ini: ISC) travel with the code.
// Not staged: the JSPI build (a second 23 MB binary that Node 20/24 cannot run without a flag), the intl, xdebug,
// redis and memcached extensions, wasm-feature-detect (only used to choose between the two builds), source maps
// and type declarations.
//
// Files are written only when they changed, through a temporary name and a rename, so a build running while a test
// reads dist/php-wasm never exposes a half-written file.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function copyIfChanged(from, to) {
  const src = statSync(from);
  if (existsSync(to)) {
    const dst = statSync(to);
    if (dst.size === src.size && Math.abs(dst.mtimeMs - src.mtimeMs) < 1) return false;
  }
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, tmp);
  utimesSync(tmp, src.atime, src.mtime);
  renameSync(tmp, to);
  return true;
}

function writeAtomically(to, contents) {
  if (existsSync(to) && Buffer.compare(readFileSync(to), Buffer.from(contents)) === 0) return;
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, to);
}

/** Stages the runtime into `out` (default dist/php-wasm); returns the staged files, relative to `out`. */
export async function stagePhpWasm({ out = join(root, 'dist/php-wasm'), production = false } = {}) {
  const req = createRequire(join(root, 'package.json'));
  const nodeBuild = dirname(req.resolve('@php-wasm/node-8-2/package.json'));
  const universal = dirname(req.resolve('@php-wasm/universal/package.json'));
  const loaderDir = join(nodeBuild, 'asyncify');
  const versions = readdirSync(loaderDir).filter((n) => /^\d+_\d+_\d+$/.test(n));
  if (versions.length !== 1) throw new Error(`expected one PHP version folder in ${loaderDir}, found: ${versions.join(', ') || 'none'}`);
  const files = [];
  const stage = (from, rel) => {
    copyIfChanged(from, join(out, rel));
    files.push(rel);
  };
  stage(join(loaderDir, 'php_8_2.js'), 'php_8_2.mjs');
  stage(join(loaderDir, versions[0], 'php_8_2.wasm'), join(versions[0], 'php_8_2.wasm'));
  stage(join(nodeBuild, 'LICENSE'), 'LICENSE.php-wasm');
  const ini = dirname(createRequire(join(universal, 'index.js')).resolve('ini/package.json'));
  stage(join(ini, 'LICENSE'), 'LICENSE.ini');
  const bundled = await build({
    stdin: { contents: "export * from '@php-wasm/universal';", resolveDir: root, loader: 'js' },
    outfile: join(out, 'universal.mjs'),
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minify: production,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeAtomically(join(out, 'universal.mjs'), bundled.outputFiles[0].contents);
  files.push('universal.mjs');
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await stagePhpWasm({ production: process.argv.includes('--production') });
  console.log(`staged dist/php-wasm: ${files.join(', ')}`);
}
