// "Verify with real PHP" runs user code, so the extension host (client/src/simulate.ts) must refuse it in an untrusted
// workspace and ask first in a trusted one. The webview tests only draw what the host answers; this test runs the
// host's own code against a stand-in `vscode` module and a stand-in language client, and watches what reaches the
// server: no verify request unless the workspace is trusted and the user said yes to the modal question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { runSimulation } from '../../server/src/lsp/simulate';
import { Requests } from '../../server/src/protocol';
import { CYCLE_SOURCE } from './traces';

interface Host {
  /** What the host posted to the webview. */
  posted: any[];
  /** Requests that reached the language client. */
  requests: string[];
  /** The modal questions asked. */
  asked: string[];
  /** Runs "Simulate GC" at the start of the cycle snippet, then sends the webview's `verify` message and waits for
   * the host's answer (`verified`, or `trust` when the user said no). */
  verify(): Promise<void>;
}

/** Anything the host touches that this test does not care about: callable, constructible, every property itself. */
const inert: any = new Proxy(function () {}, {
  get: (_t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : inert),
  apply: () => inert,
  construct: () => inert,
});

function host(trusted: boolean, answer: string | undefined): Host {
  const posted: any[] = [];
  const requests: string[] = [];
  const asked: string[] = [];
  let command: ((arg?: unknown) => Promise<void>) | undefined;
  let onMessage: ((msg: unknown) => void) | undefined;
  const uri = (s: string) => ({ toString: () => s, fsPath: s.replace('file://', '') });
  const doc = { uri: uri('file:///w/cycle.php'), languageId: 'php', offsetAt: () => CYCLE_SOURCE.indexOf('function') + 1, getText: () => CYCLE_SOURCE };
  // A plain object: the module's namespace import copies its own keys. Values the host only constructs or passes on
  // are `inert`.
  const vscode = {
    ...Object.fromEntries(['Disposable', 'EventEmitter', 'Hover', 'InlayHint', 'InlayHintKind', 'MarkdownString', 'OverviewRulerLane', 'Position',
      'ProgressLocation', 'Range', 'Selection', 'TextEditorRevealType', 'ThemeColor', 'ViewColumn', 'languages'].map((k) => [k, inert])),
    workspace: new Proxy({
      isTrusted: trusted,
      getConfiguration: () => ({ get: (_k: string, fallback: unknown) => fallback }),
    }, { get: (t: any, k) => (k in t ? t[k] : inert) }),
    window: new Proxy({
      activeTextEditor: { document: doc, selection: { isEmpty: true, active: 0 } },
      withProgress: (_o: unknown, run: () => unknown) => run(),
      createWebviewPanel: () => ({
        webview: { postMessage: (m: unknown) => { posted.push(m); return Promise.resolve(true); }, onDidReceiveMessage: (f: any) => { onMessage = f; }, asWebviewUri: (u: unknown) => u, cspSource: 'vscode-resource:' },
        onDidDispose: () => inert, reveal: () => undefined,
      }),
      showWarningMessage: async (question: string, options: { modal?: boolean }) => {
        assert.equal(options?.modal, true, 'the question is modal');
        asked.push(question);
        return answer;
      },
    }, { get: (t: any, k) => (k in t ? t[k] : inert) }),
    commands: { registerCommand: (_id: string, f: any) => { command = f; return inert; } },
    Uri: { joinPath: () => uri('file:///ext/dist'), parse: uri, file: (p: string) => uri(`file://${p}`) },
  };
  const client = {
    isRunning: () => true,
    sendRequest: async (method: string, params: any) => {
      requests.push(method);
      if (method === Requests.simulate) return runSimulation({ text: CYCLE_SOURCE, fileName: '/w/cycle.php' }, params, { opcache: false });
      return { real: 'real output', engine: 'wasm' };
    },
  };
  const load = (Module as any)._load;
  (Module as any)._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  try {
    // The host module is loaded with the stand-in in place (and again for each host, so each sees its own).
    for (const id of Object.keys(require.cache)) if (/client[\\/]src[\\/]simulate/.test(id)) delete require.cache[id];
    const { registerSimulation } = require('../../client/src/simulate');
    registerSimulation({ subscriptions: [], extensionUri: uri('file:///ext') }, client, { appendLine: () => undefined }, 'memlens.simulate');
  } finally {
    (Module as any)._load = load;
  }
  return {
    posted, requests, asked,
    async verify() {
      await command!();
      assert.ok(requests.includes(Requests.simulate), 'the simulation ran');
      assert.ok(onMessage, 'the panel listens to the webview');
      // The host handles a message without returning its promise: wait for its answer to the webview.
      const answered = posted.length;
      onMessage!({ type: 'verify' });
      for (let i = 0; i < 200 && !posted.slice(answered).some((m) => m.type === 'verified' || m.type === 'trust'); i++) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

test('untrusted workspace: the panel is told, and "verify" neither asks nor runs anything', async () => {
  const h = host(false, 'Run in real PHP');
  await h.verify();
  assert.equal(h.posted.find((m) => m.type === 'load')?.trusted, false);
  assert.deepEqual(h.asked, [], 'no question in an untrusted workspace');
  assert.ok(!h.requests.includes(Requests.verify), 'no verify request reached the server');
  assert.match(h.posted.at(-1).error, /untrusted/);
});

test('trusted workspace: "verify" asks first, and a "no" runs nothing', async () => {
  const h = host(true, undefined);
  await h.verify();
  assert.equal(h.asked.length, 1);
  assert.match(h.asked[0], /Run this code in real PHP/);
  assert.ok(!h.requests.includes(Requests.verify), 'no verify request after the user declined');
});

test('trusted workspace and a "yes": the snippet is verified and the real output is shown beside the simulated one', async () => {
  const h = host(true, 'Run in real PHP');
  await h.verify();
  assert.equal(h.asked.length, 1);
  assert.deepEqual(h.requests.filter((r) => r === Requests.verify), [Requests.verify]);
  const verified = h.posted.find((m) => m.type === 'verified');
  assert.equal(verified?.real, 'real output');
  assert.equal(typeof verified?.simulated, 'string');
});
