// The panel page the extension host hands to VS Code: a strict policy, a fresh nonce per page, escaped URIs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, panelHtml } from '../../client/src/simulateHtml';

const page = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x.test/dist/webview.js', styleUri: 'https://x.test/dist/webview.css' };

test('the policy allows only the extension\'s own script (by nonce) and styles, nothing remote or inline', () => {
  const csp = contentSecurityPolicy(page.cspSource, 'abc123');
  const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  assert.equal(directives['default-src'], "'none'");
  assert.equal(directives['script-src'], "'nonce-abc123'");
  assert.equal(directives['style-src'], page.cspSource);
  assert.equal(directives['connect-src'], "'none'");
  assert.equal(directives['frame-src'], "'none'");
  assert.doesNotMatch(csp, /unsafe|\*|data:/);
});

test('every page gets its own nonce, on its one script tag', () => {
  const a = panelHtml(page);
  const b = panelHtml(page);
  assert.notEqual(a.nonce, b.nonce);
  assert.match(a.nonce, /^[A-Za-z0-9]{16,}$/);
  assert.equal(a.html.match(/<script/g)?.length, 1);
  assert.ok(a.html.includes(`<script nonce="${a.nonce}" src="${page.scriptUri}"></script>`));
  assert.ok(a.html.includes(`'nonce-${a.nonce}'`));
});

test('URIs are attribute-escaped', () => {
  const { html } = panelHtml({ ...page, scriptUri: 'https://x.test/a"><script>alert(1)</script>', nonce: 'n1' });
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(html.includes('&quot;&gt;&lt;script&gt;'));
});
