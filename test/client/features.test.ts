// The client bundle leaves out the vscode-languageclient features no MemLens server capability uses
// (scripts/client-features.mjs). These tests hold the list to the server: a capability the server starts to offer
// or register must not be one the client cannot take up. The smaller version check must agree with semver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LspClient } from '../support/lspClient';
import { scratchDir } from '../support/tmp';

const root = join(__dirname, '..', '..');
const load = () => import(pathToFileURL(join(root, 'scripts/client-features.mjs')).href);

/** Loads a CommonJS module from its source, with `require` answering the version module's one import. */
function commonJs(source: string, requires: Record<string, unknown> = {}): any {
  const module = { exports: {} as any };
  new Function('module', 'exports', 'require', source)(module, module.exports, (name: string) => requires[name]);
  return module.exports;
}

test('every left-out module is one the installed vscode-languageclient has', async () => {
  const { LEFT_OUT_FEATURES } = await load();
  for (const name of Object.keys(LEFT_OUT_FEATURES)) {
    assert.ok(existsSync(join(root, 'node_modules/vscode-languageclient/lib/common', `${name}.js`)), name);
  }
});

test('the server offers and registers nothing the client bundle left out', async () => {
  const { LEFT_OUT_FEATURES } = await load();
  const leftOut: string[] = Object.values(LEFT_OUT_FEATURES as Record<string, string | string[]>).flat();
  const dir = scratchDir('memlens-features-');
  const client = new LspClient(process.execPath, [join(root, 'dist/server.js'), '--stdio']);
  try {
    // An editor that can do everything, dynamically too: the server asks for all it wants.
    const dynamic = { dynamicRegistration: true };
    const init = await client.initialize(pathToFileURL(dir).toString(), {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: dynamic, didChangeWatchedFiles: dynamic, executeCommand: dynamic, fileOperations: { ...dynamic, didCreate: true, didRename: true, didDelete: true } },
      textDocument: { synchronization: dynamic, hover: dynamic, completion: dynamic, codeAction: dynamic, codeLens: dynamic, definition: dynamic, rename: dynamic, semanticTokens: dynamic, inlayHint: dynamic, diagnostic: dynamic },
      window: { workDoneProgress: true },
    });
    const offered = (path: string) => path.split('.').reduce((at: any, key) => at?.[key], init.capabilities);
    for (const capability of leftOut) assert.equal(offered(capability), undefined, `the server offers ${capability}`);
    assert.ok(init.capabilities.hoverProvider && init.capabilities.codeActionProvider, 'what it does offer is there');
    // Registrations arrive after `initialized`, file watching last (server.ts onInitialized): wait for it, bounded.
    const registrations = () => client.requests.filter((m) => m.method === 'client/registerCapability').flatMap((m) => m.params.registrations.map((r: any) => r.method as string));
    for (const until = Date.now() + 5000; !registrations().includes('workspace/didChangeWatchedFiles') && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    const registered = registrations();
    assert.deepEqual([...new Set(registered)].sort(), ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
  } finally {
    client.kill();
  }
});

test('a left-out module keeps its names, and its features add no capability', async () => {
  const { standInFor } = await load();
  const stand = commonJs(standInFor('exports.DiagnosticFeature = exports.DiagnosticPullMode = exports.vsdiag = void 0;\nexports.vsdiag = vsdiag;\nexports.DiagnosticFeature = DiagnosticFeature;'));
  assert.deepEqual(Object.keys(stand).sort(), ['DiagnosticFeature', 'DiagnosticPullMode', 'vsdiag']);
  const feature = new stand.DiagnosticFeature({});
  const capabilities = {};
  feature.fillClientCapabilities(capabilities);
  feature.initialize(capabilities, []);
  assert.deepEqual(capabilities, {});
  assert.deepEqual(feature.getState(), { kind: 'static' });
  assert.equal('register' in feature, false, 'not a dynamic feature: the client registers no method for it');
});

test('the version check agrees with semver on the versions VS Code reports', async () => {
  const { VERSION_PARSE, VERSION_SATISFIES } = await load();
  const parse = commonJs(VERSION_PARSE);
  const satisfies = commonJs(VERSION_SATISFIES, { 'semver/functions/parse': parse });
  const realParse = require('semver/functions/parse');
  const realSatisfies = require('semver/functions/satisfies');
  const versions = ['1.91.0', '1.91.1', '1.90.9', '1.139.1', '2.0.0', '1.91.0-insider', '1.95.0-insider', '0.91.0', ' 1.92.3 ', 'v1.92.0', '1.92', 'x', ''];
  for (const range of ['^1.91.0', '^0.3.1', '^2.0.0']) {
    for (const version of versions) {
      const mine = parse(version);
      const real = realParse(version);
      assert.equal(mine === null, real === null, `parse(${JSON.stringify(version)})`);
      if (!mine) continue;
      assert.deepEqual([mine.major, mine.minor, mine.patch, mine.prerelease], [real.major, real.minor, real.patch, real.prerelease], version);
      assert.equal(satisfies(mine, range), realSatisfies(real, range), `${version} ${range}`);
      // As the client does before it checks: an insider build counts as its release.
      mine.prerelease = [];
      real.prerelease = [];
      assert.equal(satisfies(mine, range), realSatisfies(real, range), `${version} ${range} without its pre-release`);
    }
  }
});

test('the client bundle is built without the left-out code', async () => {
  const { leaveOutUnusedClientFeatures } = await load();
  const bundle = async (plugins: any[]) => (await build({
    entryPoints: [join(root, 'client/src/extension.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'],
    write: false, logLevel: 'silent', plugins,
  })).outputFiles[0].text;
  const [stock, trimmed] = await Promise.all([bundle([]), bundle([leaveOutUnusedClientFeatures])]);
  for (const gone of ['class Minimatch', 'SEMVER_SPEC_VERSION', 'NotebookDocumentSyncFeatureProvider']) {
    assert.ok(stock.includes(gone), `the stock bundle has ${gone}`);
    assert.ok(!trimmed.includes(gone), `the client bundle still has ${gone}`);
  }
  assert.ok(trimmed.length < stock.length * 0.8, `${trimmed.length} vs ${stock.length} bytes`);
  assert.ok(/HoverFeature = class extends/.test(trimmed) && /CodeActionFeature = class extends/.test(trimmed), 'the features the server uses stay');
});
