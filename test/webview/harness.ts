// Opens the simulation panel's real page (client/src/simulateHtml.ts + dist/webview.js/css) in headless Debian
// chromium, the way VS Code shows it: resources served from one origin named in the CSP, a stand-in for
// acquireVsCodeApi that records what the page posts and keeps its state, theme variables and body class as VS Code
// sets them. Nothing is fetched from the network: every request outside the fake origin is aborted and recorded.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../client/src/simulateHtml';
import type { FromWebview, PanelState, ToWebview } from '../../client/webview/model';

export const repoRoot = resolve(__dirname, '..', '..');
export const ORIGIN = 'https://memlens-webview.test';
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type Theme = 'light' | 'dark' | 'high-contrast';

// A subset of the variables VS Code defines for webviews, with Light+/Dark+/High Contrast values.
const THEMES: Record<Theme, Record<string, string>> = {
  light: {
    'foreground': '#616161', 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'descriptionForeground': '#717171',
    'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'sideBarSectionHeader-background': '#f0f0f0',
    'focusBorder': '#005fb8', 'editor-lineHighlightBackground': '#fff3b0', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
    'errorForeground': '#f85149', 'editor-font-family': "'DejaVu Sans Mono', monospace", 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
  },
  dark: {
    'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'descriptionForeground': '#9d9d9d',
    'panel-border': '#2b2b2b', 'editorWidget-background': '#202020', 'sideBarSectionHeader-background': '#181818',
    'focusBorder': '#0078d4', 'editor-lineHighlightBackground': '#2a2d2e', 'editor-lineHighlightBorder': '#0078d4', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
    'errorForeground': '#f85149', 'editor-font-family': "'DejaVu Sans Mono', monospace", 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
  },
  'high-contrast': {
    'foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff', 'panel-border': '#6fc3df', 'contrastBorder': '#6fc3df',
    'contrastActiveBorder': '#f38518', 'editorWidget-background': '#0c141f', 'focusBorder': '#f38518', 'button-background': '#000000', 'button-border': '#6fc3df',
    'badge-background': '#000000', 'badge-foreground': '#ffffff', 'editor-font-family': "'DejaVu Sans Mono', monospace", 'font-family': 'system-ui, sans-serif',
  },
};

export interface PanelPageHandle {
  page: Page;
  nonce: string;
  html: string;
  /** Requests the page tried that left the fake origin (must stay empty). */
  external: string[];
  /** CSP violations and page errors seen so far. */
  problems: string[];
  post(msg: ToWebview): Promise<void>;
  posted(): Promise<FromWebview[]>;
  state(): Promise<PanelState | undefined>;
  setTheme(theme: Theme): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs, timeout: 60_000 });
}

export function ensureBundle(): void {
  for (const f of ['dist/webview.js', 'dist/webview.css']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing: run \`node esbuild.mjs\` (scripts/test.mjs builds first)`);
  }
}

/** Opens the panel page. `initialState` plays the role of what VS Code restores for a re-created webview. */
export async function openPanel(browser: Browser, opts: { theme?: Theme; initialState?: PanelState; viewport?: { width: number; height: number } } = {}): Promise<PanelPageHandle> {
  ensureBundle();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { html, nonce } = panelHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/dist/webview.css` });
  const external: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      external.push(url.href);
      return route.abort();
    }
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const file = join(repoRoot, url.pathname);
    if (!/^\/dist\/webview\.(js|css)$/.test(url.pathname) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(file) });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // A string, not a function: tsx would wrap named functions in a helper that does not exist in the page.
  await page.addInitScript(`(() => {
    const w = window;
    w.__posted = [];
    w.__state = ${JSON.stringify(opts.initialState ?? null)} ?? undefined;
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => w.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => w.__state,
        setState: (s) => { w.__state = JSON.parse(JSON.stringify(s)); },
      };
    };
    document.addEventListener('securitypolicyviolation', (e) => { w.__csp = (w.__csp || []).concat(e.violatedDirective + ' ' + e.blockedURI); });
  })();`);
  await page.goto(`${ORIGIN}/index.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'ready'), null, { timeout: 10_000 });
  const handle: PanelPageHandle = {
    page, nonce, html, external, problems,
    // Sent as a JSON string: Playwright serialises a string far faster than a large object (a 10,000-step trace).
    post: (msg) => page.evaluate((json) => {
      window.postMessage(JSON.parse(json), '*');
      // The message event is a task queued before this timer: the page has handled it when the promise settles.
      return new Promise<void>((r) => setTimeout(r, 0));
    }, JSON.stringify(msg)),
    posted: () => page.evaluate(() => (window as any).__posted),
    state: () => page.evaluate(() => (window as any).__state),
    setTheme: (theme) => page.evaluate(([t, vars]) => {
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
      document.body.classList.add(`vscode-${t}`);
      const root = document.documentElement.style;
      for (let i = root.length - 1; i >= 0; i--) if (root[i].startsWith('--vscode-')) root.removeProperty(root[i]);
      for (const [k, v] of Object.entries(vars)) root.setProperty(`--vscode-${k}`, v);
    }, [theme, THEMES[theme]] as const),
  };
  await handle.setTheme(opts.theme ?? 'light');
  return handle;
}
