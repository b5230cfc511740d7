// Runs inside the VS Code extension host (test-electron): the same scenario as the code-server end-to-end test,
// through the vscode API. Plain Node assertions, no test framework, so it needs nothing beyond VS Code.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

async function waitFor(fn, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

exports.run = async function run() {
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const files = await vscode.workspace.findFiles('**/*.php');
  const doc = await vscode.workspace.openTextDocument(files.find((f) => /cycle/i.test(path.basename(f.fsPath))) ?? files[0]);
  await vscode.window.showTextDocument(doc);
  const cycle = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'memory.objectCycle' || d.code?.value === 'memory.objectCycle'));
  assert.equal(cycle.source, 'MemLens');
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, cycle.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.isPreferred && a.edit);
  assert.ok(fix, 'a preferred quick fix');
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.range.isEqual(cycle.range) && (d.code === 'memory.objectCycle' || d.code?.value === 'memory.objectCycle')));
  await vscode.commands.executeCommand('workbench.action.files.revert');
  console.log(`test:vscode passed on ${path.relative(folder, doc.uri.fsPath)}`);
};
