#!/usr/bin/env node
// `npm run test:vscode`: the extension-side test inside a desktop VS Code, through @vscode/test-electron.
// It downloads VS Code, which this project's build machines cannot (no internet beyond package registries): there,
// it stops with a clear message and exit 1. The same checks run in code-server by test/e2e (part of `npm test`).
import { runTests } from '@vscode/test-electron';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test/vscode/suite/index.cjs'),
    launchArgs: [join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (err) {
  console.error(`test:vscode could not run: ${err?.message ?? err}`);
  console.error('A desktop VS Code must be downloadable (update.code.visualstudio.com). Use `npm test` (code-server) instead.');
  process.exit(1);
}
