// Real-editor harness: code-server (VS Code in the browser, from npm) driven by Debian chromium through playwright-core.
// Follows the "Real-editor recipe" in DESIGN.md. Everything here has a bounded timeout, and every process it starts
// is killed by process group on stop(), on failure, and when the Node process exits.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

export interface Toolchain {
  node: string; // Node 24 binary that runs code-server
  entry: string; // code-server's out/node/entry.js
  chromium: string; // Debian chromium
}

/** Runs scripts/ensure-code-server.sh (seconds when cached, minutes the first time) and returns what it provides. */
export function ensureCodeServer(timeoutMs = 15 * 60_000): Toolchain {
  const script = join(repoRoot, 'scripts/ensure-code-server.sh');
  const r = spawnSync('bash', [script], { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.error) throw new Error(`scripts/ensure-code-server.sh could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`scripts/ensure-code-server.sh failed (exit ${r.status}); see its messages above`);
  const vars = Object.fromEntries(
    r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const tc = { node: vars.NODE24, entry: vars.CODE_SERVER_ENTRY, chromium: vars.CHROMIUM };
  for (const [k, v] of Object.entries(tc)) {
    if (!v || !existsSync(v)) throw new Error(`scripts/ensure-code-server.sh reported no usable ${k} (got '${v ?? ''}')`);
  }
  return tc;
}

function run(cmd: string, args: string[], timeoutMs: number): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * Builds the extension's .vsix into .cache/memlens.vsix and returns its path: `npm run package -- --out FILE` when the
 * manifest has that script (it bundles and packages), otherwise esbuild (when dist/ is missing) and
 * `vsce package --no-dependencies`. Throws with the tool's output when packaging fails.
 */
export function buildVsix(out = join(repoRoot, '.cache/memlens.vsix')): string {
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  let r;
  if (pkg.scripts?.package) {
    // vsce takes the last --out, so this overrides any -o in the script.
    r = run('npm', ['run', '--silent', 'package', '--', '--out', out], 300_000);
  } else {
    if (!['dist/extension.js', 'dist/server.js'].every((f) => existsSync(join(repoRoot, f)))) {
      const b = run(process.execPath, ['esbuild.mjs'], 180_000);
      if (b.status !== 0) throw new Error(`node esbuild.mjs failed:\n${b.out}`);
    }
    r = run(process.execPath, [join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out], 300_000);
  }
  if (r.status !== 0 || !existsSync(out)) {
    throw new Error(`packaging the .vsix failed (exit ${r.status}${pkg.scripts?.package ? ', npm run package' : ', vsce package'}):\n${r.out.trim()}`);
  }
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing after packaging: the .vsix has no extension to run`);
  }
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rejects with a clear message if `p` does not settle within `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls `probe` until `done(value)` holds (every 200 ms, at most `timeoutMs`); throws with the last value seen. */
export async function pollUntil<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
    await sleep(200);
  }
}

// Process groups still alive; killed synchronously if the test process exits without stop().
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
});

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, wait up to graceMs, then SIGKILL it. */
export async function stopGroup(pgid: number, graceMs = 3000): Promise<void> {
  if (!killGroup(pgid, 'SIGTERM')) {
    liveGroups.delete(pgid);
    return;
  }
  const until = Date.now() + graceMs;
  while (Date.now() < until && groupAlive(pgid)) await sleep(100);
  if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
  liveGroups.delete(pgid);
}

export interface CodeServerOptions {
  /** Folder opened in the editor. */
  folder: string;
  /** .vsix files installed with --install-extension before the server starts. */
  vsix?: string[];
  /** Extra user settings, merged over the recipe's defaults. */
  settings?: Record<string, unknown>;
  /** Where code-server's log goes (a file is written there). Defaults to the run's temp dir. */
  logDir?: string;
  port?: number;
  /** Bind address host; 127.0.0.1 unless told. */
  host?: string;
  toolchain?: Toolchain;
  startTimeoutMs?: number;
}

export const recipeSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  // Keep the window quiet and deterministic for screenshots and key presses.
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  'window.commandCenter': false,
};

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly folder: string,
    readonly dir: string,
    readonly logFile: string,
    private readonly proc: ChildProcess,
  ) {}

  /** Install the extensions, then start code-server detached (its own process group) and wait for /healthz. */
  static async start(opts: CodeServerOptions): Promise<CodeServer> {
    const tc = opts.toolchain ?? ensureCodeServer();
    const dir = mkdtempSync(join(tmpdir(), 'memlens-cs-'));
    const userData = join(dir, 'user-data');
    const extensions = join(dir, 'extensions');
    const xdg = join(dir, 'xdg-config');
    for (const d of [join(userData, 'User'), extensions, xdg]) mkdirSync(d, { recursive: true });
    writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ ...recipeSettings, ...opts.settings }, null, 2));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: xdg,
      XDG_DATA_HOME: join(dir, 'xdg-data'),
      EXTENSIONS_GALLERY: '{}',
      // Do not leak a parent VS Code / code-server session into this one.
      VSCODE_IPC_HOOK_CLI: '',
      NODE_OPTIONS: '',
    };
    const common = ['--disable-telemetry', '--disable-update-check', '--user-data-dir', userData, '--extensions-dir', extensions];

    for (const vsix of opts.vsix ?? []) {
      if (!existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
      const r = spawnSync(tc.node, [tc.entry, ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 180_000 });
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      if (r.error || r.status !== 0 || !/successfully installed/i.test(out)) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${out}`);
      }
    }

    const host = opts.host ?? '127.0.0.1';
    const port = opts.port ?? (await freePort());
    const logDir = opts.logDir ?? dir;
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `code-server-${port}.log`);
    const log = createWriteStream(logFile);
    const args = [
      tc.entry,
      '--bind-addr', `${host}:${port}`,
      '--auth', 'none',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      opts.folder,
    ];
    const proc = spawn(tc.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (proc.pid === undefined) throw new Error(`could not spawn ${tc.node}`);
    liveGroups.add(proc.pid);
    proc.stdout!.pipe(log);
    proc.stderr!.pipe(log);

    const url = `http://${host}:${port}/?folder=${encodeURIComponent(opts.folder)}`;
    const server = new CodeServer(url, opts.folder, dir, logFile, proc);
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    let exited = false;
    proc.on('exit', () => (exited = true));
    for (;;) {
      if (exited) {
        await server.stop();
        throw new Error(`code-server exited during start-up; log: ${logFile}`);
      }
      try {
        const res = await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return server;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`code-server did not answer /healthz within ${opts.startTimeoutMs ?? 60_000} ms; log: ${logFile}`);
      }
      await sleep(250);
    }
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Copies VS Code's logs (extension host, each extension's output channel) into `dest`; returns the files copied. */
  collectLogs(dest: string): string[] {
    const src = join(this.dir, 'user-data/logs');
    if (!existsSync(src)) return [];
    cpSync(src, dest, { recursive: true });
    return (readdirSync(dest, { recursive: true }) as string[]).filter((f) => f.endsWith('.log')).map((f) => join(dest, f));
  }

  /** The last `lines` lines of the output channels and extension-host logs whose path matches `name` (e.g. /MemLens/). */
  logTail(name: RegExp, lines = 30): string {
    const src = join(this.dir, 'user-data/logs');
    if (!existsSync(src)) return '';
    return (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.log') && name.test(f))
      .map((f) => `--- ${f}\n${readFileSync(join(src, f), 'utf8').split('\n').slice(-lines).join('\n')}`)
      .join('\n');
  }

  /** Kill the whole process group (code-server, its extension host, the language server) and remove the temp dirs. */
  async stop(): Promise<void> {
    await stopGroup(this.proc.pid!);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface EditorOptions {
  screenshotDir: string;
  chromium?: string;
  viewport?: { width: number; height: number };
  /** Default timeout of each UI wait, in ms. */
  timeoutMs?: number;
}

export interface LineOverlay {
  line: number;
  classes: string[];
  /** Computed, e.g. "2px solid". */
  borderLeft: string;
}

export interface SquiggleLine {
  line: number;
  text: string; // the line's text as rendered
  classes: string[]; // e.g. ['squiggly-warning']
}

/** A chromium page on a code-server URL, with the few editor gestures the tests need. */
export class Editor {
  private shots = 0;
  readonly timeoutMs: number;

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly screenshotDir: string,
    timeoutMs: number,
  ) {
    this.timeoutMs = timeoutMs;
  }

  static async open(url: string, opts: EditorOptions): Promise<Editor> {
    mkdirSync(opts.screenshotDir, { recursive: true });
    const browser = await chromium.launch({
      executablePath: opts.chromium ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
      timeout: 60_000,
    });
    try {
      const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
      const page = await context.newPage();
      const timeoutMs = opts.timeoutMs ?? 30_000;
      page.setDefaultTimeout(timeoutMs);
      page.setDefaultNavigationTimeout(60_000);
      const editor = new Editor(browser, page, opts.screenshotDir, timeoutMs);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      // The workbench is up when the explorer shows the folder's rows.
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      await editor.dismissNotifications();
      return editor;
    } catch (e) {
      await withTimeout(browser.close(), 10_000, 'closing chromium').catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
    await withTimeout(this.browser.close(), 15_000, 'closing chromium').catch(() => {});
  }

  /** Reloads the window, as "Developer: Reload Window" does: a new extension host activates the extensions again. */
  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await this.dismissNotifications();
  }

  /** Saves a full-window PNG as NN-name.png in the screenshot dir and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const file = join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, timeout: 20_000 });
    return file;
  }

  /** Close any toasts so they do not cover the editor or steal keys. */
  async dismissNotifications(): Promise<void> {
    const clear = this.page.locator('.notification-toast .codicon-notifications-clear-all, .notifications-toasts .codicon-close');
    for (let i = 0; i < 5 && (await clear.count()) > 0; i++) {
      await clear.first().click({ timeout: 2000 }).catch(() => {});
    }
  }

  /** Opens `relPath` (relative to the workspace folder) by clicking through the explorer tree. */
  async openFromExplorer(relPath: string): Promise<void> {
    const parts = relPath.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const row = this.explorerRow(parts[i], i + 1);
      await row.waitFor({ timeout: this.timeoutMs });
      await row.scrollIntoViewIfNeeded();
      if (i < parts.length - 1) {
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
        await this.page.waitForFunction(
          ([name, level]) =>
            Array.from(document.querySelectorAll('.explorer-folders-view .monaco-list-row')).some(
              (r) => r.getAttribute('aria-level') === String(level) && r.querySelector('.label-name')?.textContent === name && r.getAttribute('aria-expanded') === 'true',
            ),
          [parts[i], i + 1] as const,
          { timeout: this.timeoutMs },
        );
      } else {
        await row.click();
      }
    }
    const name = parts[parts.length - 1];
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: this.timeoutMs });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: this.timeoutMs });
  }

  private explorerRow(name: string, level: number): Locator {
    return this.page
      .locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"]`)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
  }

  /** The active editor (the text editor of the active group). */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** The text editor showing `fileName` (its tab is the active one of its group), whichever group has the focus. */
  textEditor(fileName: string): Locator {
    return this.page
      .locator('.editor-group-container')
      .filter({ has: this.page.locator('.tab.active', { hasText: fileName }) })
      .locator('.editor-instance .monaco-editor')
      .first();
  }

  /**
   * Whole-line decorations drawn on the visible lines of `editor` (default: the active one): for each overlay element
   * of a line, its line number, classes and left border (computed). VS Code's own current-line highlight is left out.
   */
  async lineOverlays(editor: Locator = this.activeEditor): Promise<LineOverlay[]> {
    return editor.evaluate((ed) => {
      const lineAt = new Map<number, number>();
      for (const m of Array.from(ed.querySelectorAll(':scope .margin-view-overlays > div'))) {
        const n = parseInt(m.querySelector('.line-numbers')?.textContent ?? '', 10);
        if (!Number.isNaN(n)) lineAt.set(parseFloat((m as HTMLElement).style.top), n);
      }
      const out: { line: number; classes: string[]; borderLeft: string }[] = [];
      for (const row of Array.from(ed.querySelectorAll(':scope .view-overlays > div'))) {
        const line = lineAt.get(parseFloat((row as HTMLElement).style.top)) ?? -1;
        for (const o of Array.from(row.children)) {
          if (o.classList.contains('current-line') || /squiggly|selected-text|cslr/.test(o.className)) continue;
          const cs = getComputedStyle(o);
          out.push({ line, classes: Array.from(o.classList), borderLeft: `${cs.borderLeftWidth} ${cs.borderLeftStyle}` });
        }
      }
      return out;
    });
  }

  /** Lines of the active editor's visible range that carry squiggles, with their classes. */
  async squiggles(): Promise<SquiggleLine[]> {
    // No named helpers inside: tsx/esbuild would wrap them in __name(), which does not exist in the page.
    return this.activeEditor.evaluate((ed) => {
      const lineAt = new Map<number, number>();
      for (const m of Array.from(ed.querySelectorAll(':scope .margin-view-overlays > div'))) {
        const n = parseInt(m.querySelector('.line-numbers')?.textContent ?? '', 10);
        if (!Number.isNaN(n)) lineAt.set(parseFloat((m as HTMLElement).style.top), n);
      }
      const textAt = new Map<number, string>();
      for (const l of Array.from(ed.querySelectorAll(':scope .view-lines > .view-line'))) {
        textAt.set(parseFloat((l as HTMLElement).style.top), (l.textContent ?? '').replace(/\u00a0/g, ' '));
      }
      const out: { line: number; text: string; classes: string[] }[] = [];
      for (const o of Array.from(ed.querySelectorAll(':scope .view-overlays > div'))) {
        const classes = Array.from(o.querySelectorAll('[class*="squiggly-"]')).flatMap((s) =>
          Array.from(s.classList).filter((c) => c.startsWith('squiggly-') && c !== 'squiggly-inline'),
        );
        const top = parseFloat((o as HTMLElement).style.top);
        if (classes.length) out.push({ line: lineAt.get(top) ?? -1, text: textAt.get(top) ?? '', classes: [...new Set(classes)] });
      }
      return out;
    });
  }

  /** Waits until a squiggle with class `squiggly-<severity>` is on `line` (or anywhere if line is omitted). */
  async waitForSquiggle(severity: string, line?: number, timeoutMs = 60_000): Promise<SquiggleLine[]> {
    const deadline = Date.now() + timeoutMs;
    let last: SquiggleLine[] = [];
    while (Date.now() < deadline) {
      last = await this.squiggles();
      if (last.some((s) => (line === undefined || s.line === line) && s.classes.includes(`squiggly-${severity}`))) return last;
      await sleep(250);
    }
    throw new Error(`no squiggly-${severity} squiggle${line ? ` on line ${line}` : ''} within ${timeoutMs} ms; saw ${JSON.stringify(last)}`);
  }

  /** Waits until `pred(squiggles)` holds. */
  async waitForSquiggles(pred: (s: SquiggleLine[]) => boolean, what: string, timeoutMs = 30_000): Promise<SquiggleLine[]> {
    const deadline = Date.now() + timeoutMs;
    let last: SquiggleLine[] = [];
    while (Date.now() < deadline) {
      last = await this.squiggles();
      if (pred(last)) return last;
      await sleep(250);
    }
    throw new Error(`${what}: not within ${timeoutMs} ms; squiggles ${JSON.stringify(last)}`);
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns the text of its rows (file rows and marker rows). */
  async openProblems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: this.timeoutMs });
    }
    return this.problemRows();
  }

  async problemRows(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => (r.getAttribute('aria-label') || '') + ' | ' + (r.textContent || '')),
    );
  }

  /**
   * Types `text` into the Problems panel's filter box (text filters match message, source and code). The panel's list
   * is virtualised, so filtering is what makes every matching row render.
   */
  async filterProblems(text: string): Promise<string[]> {
    await this.openProblems();
    const input = this.page.locator('.markers-panel-container input[aria-label="Filter Problems"], .pane-header ~ * input[aria-label="Filter Problems"], input[aria-label="Filter Problems"]').first();
    await input.waitFor({ state: 'visible', timeout: this.timeoutMs });
    // Under load the panel can still be laying out when the text arrives and drop it: type until the box holds it.
    for (let attempt = 0; attempt < 5; attempt++) {
      await input.click();
      await input.fill(text);
      await sleep(500); // the filter is applied after a short debounce
      if ((await input.inputValue()) === text) break;
    }
    return this.problemRows();
  }

  /** Waits until `pred(rows)` holds for the Problems panel's rows. */
  async waitForProblems(pred: (rows: string[]) => boolean, what: string, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      rows = await this.problemRows();
      if (pred(rows)) return rows;
      await sleep(250);
    }
    throw new Error(`${what}: not within ${timeoutMs} ms; Problems rows ${JSON.stringify(rows)}`);
  }

  /** F1, type the command's label, pick the row that matches it. */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: this.timeoutMs });
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  /**
   * Turns a boolean setting from its default to `value` the way a user does: the Settings editor, searched by the
   * setting's id; the checkbox of the one row titled `title` (e.g. /Simulate: Inlay Hints/) clicked; the Settings
   * closed once the change is saved. The setting must not be in the user settings yet (code-server's settings).
   */
  async setBooleanSetting(id: string, title: RegExp, value: boolean): Promise<void> {
    await this.runCommand('Preferences: Open Settings (UI)');
    const settings = this.page.locator('.settings-editor');
    await settings.waitFor({ state: 'visible', timeout: this.timeoutMs });
    const search = settings.locator('.settings-header .suggest-input-container .monaco-editor').first();
    await search.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await search.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(id);
    // The list filters after a debounce; until then it shows "Commonly Used", whose checkboxes must not be touched.
    const row = settings.locator(`.settings-tree-container .setting-item-contents[data-key="${id}"]`);
    const rows = settings.locator('.settings-tree-container .setting-item-contents');
    await pollUntil(
      () => rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-key')}: ${(e.textContent ?? '').replace(/\s+/g, ' ').slice(0, 60)}`)),
      (texts) => texts.length === 1 && texts[0].startsWith(`${id}: `) && title.test(texts[0]),
      `the Settings editor shows only ${id}`,
      this.timeoutMs,
    );
    const box = row.locator('.setting-value-checkbox');
    assert.notEqual(await box.getAttribute('aria-checked'), String(value), `${id} is already ${value}`);
    assert.ok(!(await row.evaluate((e) => e.classList.contains('is-configured'))), `${id} is already set in the user settings`);
    await box.click();
    // The editor saves after a debounce, and closing it first loses the change: the row is marked "configured" once
    // the value is in the user settings.
    await pollUntil(
      () => row.evaluate((e) => `${e.classList.contains('is-configured')} ${e.querySelector('.setting-value-checkbox')?.getAttribute('aria-checked')}`),
      (v) => v === `true ${value}`,
      `${id} saved as ${value} by the Settings editor`,
      this.timeoutMs,
    );
    await this.page.keyboard.press('Control+W');
    await settings.waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  /** Puts the cursor at `line`:`column` (1-based) in the active editor through "Go to Line/Column". */
  async goTo(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  async focusEditor(): Promise<void> {
    // Monaco takes keys through a hidden input (an EditContext div or, in older builds, a textarea): focusing it is
    // what a click does, without landing on whatever overlays the text (sticky scroll, hovers, inlay hints).
    const input = this.activeEditor.locator('.native-edit-context, textarea.inputarea').first();
    if ((await input.count()) > 0) {
      await input.focus();
      const focused = await this.activeEditor.evaluate((el) => el.contains(document.activeElement));
      if (focused) return;
    }
    // The scrollable frame, not `.view-lines`: once the editor has scrolled (a simulation step reveals its line),
    // the lines element starts above the viewport and a click at its corner lands on nothing.
    await this.activeEditor.locator('.monaco-scrollable-element.editor-scrollable').click({ position: { x: 40, y: 8 } });
  }

  /**
   * Ctrl+. at the cursor, which the caller put at `line:column`; returns the titles offered in the code action
   * widget (widget left open). Under load the key press can land before the editor has focus again (after Go to
   * Line closes) or before the server's actions arrive, so it is tried again a few times, the cursor put back first.
   */
  async openQuickFixes(line: number, column: number, attempts = 4): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    // VS Code answers either with the action list or with an overlay message ("No code actions available").
    const none = this.page.locator('.monaco-editor-overlaymessage .message');
    const perAttempt = Math.max(5_000, Math.floor(this.timeoutMs / attempts));
    let last = 'nothing appeared';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await this.goTo(line, column);
      await this.page.keyboard.press('Control+Period');
      try {
        await rows.first().or(none.first()).waitFor({ state: 'visible', timeout: perAttempt });
      } catch {
        last = `nothing appeared within ${perAttempt} ms`;
        continue;
      }
      if (await rows.first().isVisible()) {
        if (attempt > 1) console.log(`code actions appeared on attempt ${attempt}`);
        return rows.evaluateAll((els) => els.map((e) => (e.querySelector('.title')?.textContent || e.textContent || '').trim()));
      }
      last = `"${((await none.first().textContent()) ?? '').trim()}"`;
      await this.page.keyboard.press('Escape');
      await sleep(1_000);
    }
    throw new Error(`Ctrl+. at ${line}:${column} offered no code actions after ${attempts} tries: ${last}`);
  }

  /** Picks the code action whose title matches `title` in the open widget. */
  async pickQuickFix(title: string | RegExp): Promise<void> {
    const row = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await row.hover();
    await row.click();
    await this.page.locator('.action-widget .monaco-list-row.action').first().waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  /**
   * The content of the active webview panel (VS Code nests it: an outer iframe, then #active-frame). Wait on a
   * selector inside it before asserting, e.g. `await editor.webview().locator('svg').first().waitFor()`.
   */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }

  /** The active editor's (or `editor`'s) text as rendered, inlay hints included (visible lines only; Monaco
   * virtualises long files). */
  async visibleText(editor: Locator = this.activeEditor): Promise<string> {
    return editor.locator('.view-lines').evaluate((el) =>
      Array.from(el.querySelectorAll('.view-line'))
        .sort((a, b) => parseFloat((a as HTMLElement).style.top) - parseFloat((b as HTMLElement).style.top))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('\n'),
    );
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
