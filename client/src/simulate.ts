// "MemLens: Simulate GC": asks the server to simulate the function/method at the cursor, the selection, the file, or
// the function a code lens names, and shows the trace in a webview panel. The host only moves data around: the
// server builds the snippet and runs the simulator, the webview draws. "Verify with real PHP" runs user code, so it
// is offered only in trusted workspaces and only after the user says yes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  Requests, SETTINGS_SECTION, type SimulateLensArgs, type SimulateParams, type SimulateResult, type VerifyParams, type VerifyResult,
} from '../../server/src/protocol';
import { adaptTrace } from '../webview/adapt';
import type { FromWebview, PanelState, ToWebview, Trace } from '../webview/model';
import { panelHtml } from './simulateHtml';
import { SimulationHints } from './simulateHints';

export const PANEL_VIEW_TYPE = 'memlens.simulation';

interface Simulation {
  uri: string;
  target: SimulateParams['target'];
  opcache: boolean;
  result: SimulateResult;
  trace: Trace;
}

function isLensArgs(v: unknown): v is SimulateLensArgs {
  if (typeof v !== 'object' || v === null || typeof (v as SimulateLensArgs).fileName !== 'string') return false;
  const { name, target } = v as SimulateLensArgs;
  return typeof name === 'string' || (target?.kind === 'selection' && Number.isInteger(target.start) && Number.isInteger(target.end));
}

function findDocument(fileName: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fileName || d.uri.toString() === fileName);
}

export function registerSimulation(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, commandId: string): void {
  let panel: vscode.WebviewPanel | undefined;
  let current: Simulation | undefined;
  const hints = new SimulationHints();
  context.subscriptions.push(hints);

  const send = (msg: ToWebview) => void panel?.webview.postMessage(msg);

  async function request<R>(method: string, params: unknown): Promise<R> {
    if (!client.isRunning()) await client.start();
    return client.sendRequest<R>(method, params);
  }

  async function simulate(uri: vscode.Uri, target: SimulateParams['target'], restoreStep?: number, growth?: Trace['growth']): Promise<void> {
    const opcache = vscode.workspace.getConfiguration(SETTINGS_SECTION, uri).get<boolean>('opcache', false);
    const params: SimulateParams = { uri: uri.toString(), target, opcache };
    const started = Date.now();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'MemLens: simulating' },
      () => request<SimulateResult>(Requests.simulate, params),
    );
    output.appendLine(`Simulated ${result.title}: exit ${result.exitCode}, ${result.trace.steps.length} steps, ${Date.now() - started} ms`);
    if (result.stderr) output.appendLine(result.stderr.trimEnd());
    const trace = adaptTrace(result.trace, { source: result.source, lineMap: result.lineMap, title: result.title, notes: result.notes, stopped: result.stopped });
    if (growth?.curve?.length) trace.growth = growth;
    current = { uri: uri.toString(), target, opcache, result, trace };
    hints.setTrace(uri, trace);
    const p = showPanel(result.title);
    p.title = `GC: ${result.title}`;
    send({ type: 'load', trace, trusted: vscode.workspace.isTrusted, step: restoreStep ?? 0, restore: { uri: current.uri, target, opcache } });
    if (result.stopped && !trace.steps.length) void vscode.window.showWarningMessage(`MemLens: ${result.stopped}`);
  }

  function attach(p: vscode.WebviewPanel): vscode.WebviewPanel {
    panel = p;
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    p.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    p.webview.html = panelHtml({
      cspSource: p.webview.cspSource,
      scriptUri: p.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: p.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    }).html;
    p.webview.onDidReceiveMessage((msg: FromWebview) => void onMessage(msg), undefined, context.subscriptions);
    p.onDidDispose(() => {
      if (panel === p) {
        panel = undefined;
        current = undefined;
        hints.clear();
      }
    }, undefined, context.subscriptions);
    return p;
  }

  function showPanel(title: string): vscode.WebviewPanel {
    if (panel) {
      panel.reveal(undefined, true);
      return panel;
    }
    return attach(vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `GC: ${title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    }));
  }

  async function onMessage(msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
        // A re-created webview (hidden and shown again) keeps its step in its own state; send the trace back.
        if (current) send({ type: 'load', trace: current.trace, trusted: vscode.workspace.isTrusted, restore: { uri: current.uri, target: current.target, opcache: current.opcache } });
        break;
      case 'step':
        if (current && typeof msg.index === 'number') hints.setStep(msg.index);
        break;
      case 'reveal':
        if (current && typeof msg.line === 'number') await reveal(current, msg.line);
        break;
      case 'verify':
        await verify();
        break;
    }
  }

  async function reveal(sim: Simulation, snippetLine: number): Promise<void> {
    const line = sim.trace.lineMap ? sim.trace.lineMap[snippetLine - 1] : snippetLine;
    if (!line) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(sim.uri));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const pos = new vscode.Position(line - 1, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async function verify(): Promise<void> {
    const sim = current;
    if (!sim) return;
    if (!vscode.workspace.isTrusted) {
      send({ type: 'verified', real: '', simulated: sim.result.stdout, engine: 'none', error: 'Verification runs your code, so it is disabled in untrusted workspaces. Trust the workspace to use it.' });
      return;
    }
    const phpPath = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string | null>('verify.phpPath', null);
    const engine = phpPath ? `the PHP binary at ${phpPath}` : 'PHP 8.2 compiled to WebAssembly (no access to your files or network)';
    const pick = await vscode.window.showWarningMessage(
      `Run this code in real PHP to compare? It executes ${sim.result.title} with ${engine}.`,
      { modal: true, detail: 'The code runs with a time limit and a memory limit. Only the snippet shown in the panel runs.' },
      'Run in real PHP',
    );
    if (pick !== 'Run in real PHP') {
      send({ type: 'trust', trusted: vscode.workspace.isTrusted });
      return;
    }
    send({ type: 'verifying' });
    const params: VerifyParams = { source: sim.result.source, opcache: sim.opcache };
    let result: VerifyResult;
    try {
      result = await request<VerifyResult>(Requests.verify, params);
    } catch (e: any) {
      result = { real: '', engine: 'none', error: `Verification failed: ${e?.message ?? e}` };
    }
    send({ type: 'verified', real: result.real, simulated: sim.result.stdout, engine: result.engine, error: result.error, note: result.note });
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(commandId, async (arg?: unknown) => {
      try {
        if (isLensArgs(arg)) {
          const doc = findDocument(arg.fileName) ?? (await vscode.workspace.openTextDocument(vscode.Uri.file(arg.fileName)));
          const target: SimulateParams['target'] = arg.name ? { kind: 'function', name: arg.name } : arg.target!;
          return await simulate(doc.uri, target, undefined, arg.growth ?? undefined);
        }
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.languageId !== 'php') {
          void vscode.window.showInformationMessage('MemLens: open a PHP file and put the cursor in a function, or select code, to simulate it.');
          return;
        }
        const doc = editor.document;
        const sel = editor.selection;
        const target: SimulateParams['target'] = sel.isEmpty
          ? { kind: 'cursor', offset: doc.offsetAt(sel.active) }
          : { kind: 'selection', start: doc.offsetAt(sel.start), end: doc.offsetAt(sel.end) };
        await simulate(doc.uri, target);
      } catch (e: any) {
        output.appendLine(`Simulate GC failed: ${e?.stack ?? e}`);
        void vscode.window.showErrorMessage(`MemLens: the simulation failed (${e?.message ?? e}). See the MemLens output.`);
      }
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(p: vscode.WebviewPanel, state: PanelState | undefined) {
        attach(p);
        const r = state?.restore as { uri?: string; target?: SimulateParams['target'] } | undefined;
        if (!r?.uri || !r.target) {
          send({ type: 'error', message: 'This simulation cannot be restored. Run "MemLens: Simulate GC" again.' });
          return;
        }
        try {
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.uri));
          await simulate(doc.uri, r.target, state?.step ?? 0);
        } catch (e: any) {
          send({ type: 'error', message: `This simulation cannot be restored (${e?.message ?? e}). Run "MemLens: Simulate GC" again.` });
        }
      },
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => send({ type: 'trust', trusted: true })),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Lines move when the file is edited: the hints would point at the wrong code.
      if (current && e.document.uri.toString() === current.uri && e.contentChanges.length) hints.clear();
    }),
  );
}
