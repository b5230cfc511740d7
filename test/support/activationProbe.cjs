// Activates an extension bundle in a fresh Node with a stand-in `vscode` module, and prints one JSON line:
// { load, activate } in ms (require of the bundle, then activate() until its promise settles), `lines` (what the
// extension wrote to its output channels with info()), and `error` when activate() threw.
//
//   node activationProbe.cjs BUNDLE [GLOBAL_STORAGE_DIR]
//
// Every API call returns a harmless stand-in, so the extension runs its whole activate(); no server process is forked.
// The process waits a moment before exiting, outside the figures, so that work an extension leaves for later
// (MemLens writes its code cache) is done. Run through test/support/activation.ts, by the bench and the tests.
const Module = require('module');

const [bundle, storage] = process.argv.slice(2);
const lines = [];
const stub = new Proxy(function () {}, {
  get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  construct: () => stub,
});
const some = (own) => new Proxy(own, { get: (t, k) => (k in t ? t[k] : stub) });
const channel = some({ info: (m) => lines.push(String(m)) });
const api = some({ version: '1.91.0', window: some({ createOutputChannel: () => channel }) });
// esbuild's `import * as vscode` copies the module's own keys onto an object made with the module's prototype: the
// prototype is what answers for the rest of the API.
const vscode = new Proxy({}, { get: (t, k) => api[k], getPrototypeOf: () => api });

// The client starts its server after activate() returns; the probe has no use for one.
require('child_process').fork = () => {
  throw new Error('activation probe: no server is started');
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
const context = {
  subscriptions: [],
  asAbsolutePath: (p) => p,
  extensionPath: '.',
  extensionUri: stub,
  globalState: stub,
  workspaceState: stub,
  globalStorageUri: storage ? { fsPath: storage } : undefined,
};
const report = (error) => {
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1, lines, ...(error ? { error: String(error?.stack ?? error) } : {}) }) + '\n');
  setTimeout(() => process.exit(error ? 1 : 0), 100);
};
Promise.resolve()
  .then(() => ext.activate(context))
  .then(() => report(), report);
