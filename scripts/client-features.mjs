// What the client bundle leaves out of vscode-languageclient. Loading the client is most of an activation, and most
// of the client is that library: every LSP feature it knows is compiled and set up at each load, whether or not the
// server offers it. The MemLens server offers hover, code actions, completion, code lenses, workspace folders and
// push diagnostics, and registers file watching and configuration: the features below serve nothing it offers, so
// the bundle gets, for each of their modules, a stand-in that declares no client capability and does nothing. The
// real client then tells the server it cannot do those things, which is true of this client and asks nothing of
// the server. test/client/features.test.ts checks the server's initialize result against this list: a server that
// starts to offer one of them fails there until its module is taken off the list.
import { readFileSync } from 'node:fs';

/** vscode-languageclient/lib/common/<module>.js -> the server capability (or capabilities) it serves. */
export const LEFT_OUT_FEATURES = {
  callHierarchy: 'callHierarchyProvider',
  colorProvider: 'colorProvider',
  declaration: 'declarationProvider',
  definition: 'definitionProvider',
  diagnostic: 'diagnosticProvider',
  documentHighlight: 'documentHighlightProvider',
  documentLink: 'documentLinkProvider',
  documentSymbol: 'documentSymbolProvider',
  executeCommand: 'executeCommandProvider',
  fileOperations: 'workspace.fileOperations',
  foldingRange: 'foldingRangeProvider',
  formatting: ['documentFormattingProvider', 'documentRangeFormattingProvider', 'documentOnTypeFormattingProvider'],
  implementation: 'implementationProvider',
  inlayHint: 'inlayHintProvider',
  inlineCompletion: 'inlineCompletionProvider',
  inlineValue: 'inlineValueProvider',
  linkedEditingRange: 'linkedEditingRangeProvider',
  notebook: 'notebookDocumentSync',
  reference: 'referencesProvider',
  rename: 'renameProvider',
  selectionRange: 'selectionRangeProvider',
  semanticTokens: 'semanticTokensProvider',
  signatureHelp: 'signatureHelpProvider',
  textDocumentContent: 'workspace.textDocumentContent',
  typeDefinition: 'typeDefinitionProvider',
  typeHierarchy: 'typeHierarchyProvider',
  workspaceSymbol: 'workspaceSymbolProvider',
};

/** The stand-in for a left-out module: the same exported names; a feature class is a static feature that adds no
 * capability (`CellScheme` is read from the notebook feature by the client's URI checks). */
export function standInFor(source) {
  const names = [...new Set([...source.matchAll(/\bexports\.(\w+) = /g)].map((m) => m[1]))];
  const lines = names.map((name) => (name.endsWith('Feature')
    ? `exports.${name} = class ${name} { static CellScheme = 'vscode-notebook-cell'; getState() { return { kind: 'static' }; } fillClientCapabilities() {} initialize() {} clear() {} };`
    : `exports.${name} = Object.freeze({});`));
  return `"use strict";\n${lines.join('\n')}\n`;
}

// The library checks at start that VS Code is at least the version it was built for, with the semver package (29 KB
// of source and a few dozen regular expressions built at load). `engines.vscode` in package.json already keeps the
// extension off older editors; the check stays, on this much smaller parse of a `x.y.z[-pre]` version and a caret
// range (the only form the library uses).
export const VERSION_PARSE = `"use strict";
module.exports = function parse(version) {
  const m = /^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$/.exec(String(version).trim());
  return m ? { major: +m[1], minor: +m[2], patch: +m[3], prerelease: m[4] ? m[4].split('.') : [] } : null;
};
`;
export const VERSION_SATISFIES = `"use strict";
const parse = require('semver/functions/parse');
module.exports = function satisfies(version, range) {
  const v = typeof version === 'string' ? parse(version) : version;
  const caret = /^\\^(\\d+)\\.(\\d+)\\.(\\d+)$/.exec(range);
  if (!v || !caret) return false;
  const [major, minor, patch] = caret.slice(1).map(Number);
  if (v.prerelease.length) return false;
  if (v.major !== major) return false;
  if (major === 0) return v.minor === minor && v.patch >= patch;
  return v.minor > minor || (v.minor === minor && v.patch >= patch);
};
`;

const FEATURE_MODULE = new RegExp(`vscode-languageclient[\\\\/]lib[\\\\/]common[\\\\/](${Object.keys(LEFT_OUT_FEATURES).join('|')})\\.js$`);

/** The esbuild plugin that builds dist/client.js with the stand-ins. */
export const leaveOutUnusedClientFeatures = {
  name: 'leave-out-unused-client-features',
  setup(build) {
    build.onLoad({ filter: FEATURE_MODULE }, (args) => ({ contents: standInFor(readFileSync(args.path, 'utf8')), loader: 'js' }));
    build.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) => ({ path: args.path, namespace: 'memlens-version' }));
    build.onLoad({ filter: /.*/, namespace: 'memlens-version' }, (args) => ({ contents: args.path.endsWith('parse') ? VERSION_PARSE : VERSION_SATISFIES, loader: 'js' }));
  },
};
