// Real-editor end-to-end (issue 2): the built .vsix in code-server, driven by headless Debian chromium.
// Opens a copy of examples/, opens the file with the two-node cycle from the explorer, sees the memory.objectCycle
// squiggle and its Problems entry, applies the quick fix with Ctrl+. and sees both go away.
// Screenshots and code-server's log go to test-artifacts/e2e/. Nothing is skipped: when code-server, chromium or the
// extension cannot be had, the suite fails and says why.
// Override the .vsix with MEMLENS_E2E_VSIX=path (it is then used as it is, not rebuilt).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildVsix, CodeServer, Editor, ensureCodeServer, pollUntil, repoRoot } from './codeServer';

const artifacts = join(repoRoot, 'test-artifacts/e2e');
const RULE = 'memory.objectCycle';

interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

/** The objectCycle findings the CLI reports on examples/ (the file the editor must show). */
function cycleFindings(): Finding[] {
  const cli = join(repoRoot, 'dist/cli.js');
  assert.ok(existsSync(cli), 'dist/cli.js is missing');
  const r = spawnSync(process.execPath, [cli, 'check', 'examples', '--format', 'json'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  assert.ok(r.status === 0 || r.status === 1, `memlens check examples exited ${r.status}: ${r.stderr}`);
  const all = JSON.parse(r.stdout) as Finding[];
  const found = all.filter((f) => f.rule === RULE);
  assert.ok(found.length > 0, `memlens check examples reports no ${RULE}; examples/ must contain the two-node cycle`);
  return found;
}

const severityClass: Record<string, string> = { error: 'error', warning: 'warning', info: 'info', information: 'info', hint: 'hint' };
const isFixTitle = (t: string) => !/ignore|suppress|baseline|disable|learn|docs|documentation|configure|explain/i.test(t);

describe('real editor: code-server + chromium with the built .vsix', () => {
  let server: CodeServer | undefined;
  let editor: Editor | undefined;
  let target: Finding;
  let relFile: string; // path of the cycle file inside the opened folder
  let sev: string;
  let targetText: string; // the flagged line's text
  let workspace: string;
  const timings: Record<string, number> = {};
  const t0 = Date.now();

  async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await body();
    } catch (e) {
      if (editor) await editor.screenshot(`FAILED-${name}`).catch(() => {});
      // Say what the extension said: its output channel and the extension host's log.
      const tail = server?.logTail(/MemLens|remoteexthost/i, 25);
      if (!tail) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(`${msg}\n\nextension logs (all of them in test-artifacts/e2e/vscode-logs/):\n${tail}`, { cause: e });
    } finally {
      timings[name] = Date.now() - start;
    }
  }

  // Set-up runs once, inside the first test that needs it, so that when it fails (no code-server, no .vsix) every
  // test fails with its reason instead of being reported as cancelled.
  let ready: Promise<void> | undefined;
  const setup = () => (ready ??= setUp());

  async function setUp(): Promise<void> {
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    const tc = await step('ensure-code-server', async () => ensureCodeServer());
    const vsix = await step('package-vsix', async () => process.env.MEMLENS_E2E_VSIX ? resolve(process.env.MEMLENS_E2E_VSIX) : buildVsix());
    const findings = cycleFindings();
    const examples = join(repoRoot, 'examples');
    // Prefer the seed example under examples/memory/ when several files have cycles.
    const abs = (f: Finding) => resolve(repoRoot, f.file);
    target = findings.find((f) => relative(examples, abs(f)).startsWith('memory/')) ?? findings[0];
    relFile = relative(examples, abs(target)).split('\\').join('/');
    assert.ok(!relFile.startsWith('..'), `${target.file} is not under examples/`);
    sev = severityClass[target.severity] ?? target.severity;
    targetText = readFileSync(abs(target), 'utf8').split(/\r?\n/)[target.line - 1] ?? '';
    // Work on a copy: the quick fix edits the buffer, and the repo's examples/ must stay as they are.
    workspace = join(mkdtempSync(join(tmpdir(), 'memlens-e2e-')), 'examples');
    // The files keep their times: old enough for the scan cache to keep them (see the reload test).
    cpSync(examples, workspace, { recursive: true, preserveTimestamps: true });
    server = await step('start-code-server', () => CodeServer.start({ folder: workspace, vsix: [vsix], toolchain: tc, logDir: artifacts }));
    editor = await step('open-workbench', () => Editor.open(server!.url, { screenshotDir: artifacts, chromium: tc.chromium }));
    await editor.screenshot('workbench-examples');
  }

  after(async () => {
    await editor?.close();
    try {
      server?.collectLogs(join(artifacts, 'vscode-logs'));
    } catch {
      /* best effort: the logs are an aid, not part of the verdict */
    }
    await server?.stop();
    if (workspace) rmSync(resolve(workspace, '..'), { recursive: true, force: true });
    timings.total = Date.now() - t0;
    console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
  });

  // The first test's time includes set-up: the first code-server install takes minutes.
  it(`shows the ${RULE} squiggle in the file with the two-node cycle`, { timeout: 20 * 60_000 }, async () => {
    await setup();
    await step('squiggle', async () => {
      assert.ok(editor, 'the editor did not open');
      await editor.openFromExplorer(relFile);
      const shown = await editor.waitForSquiggle(sev, target.line, 90_000);
      assert.ok(shown.some((s) => s.line === target.line && s.classes.includes(`squiggly-${sev}`)));
      await editor.screenshot('squiggle');
    });
  });

  it(`lists ${RULE} in the Problems panel`, { timeout: 2 * 60_000 }, async () => {
    await setup();
    await step('problems', async () => {
      assert.ok(editor, 'the editor did not open');
      // The panel lists every file's findings in a virtualised list: filter it to the rule so its rows render.
      await editor.filterProblems(RULE);
      const rows = await editor.waitForProblems((r) => r.some((x) => x.includes(RULE) && x.includes(`Ln ${target.line}, Col ${target.column}`)), `no Problems row names ${RULE} at ${target.line}:${target.column}`, 60_000);
      const mine = rows.filter((r) => r.includes(RULE));
      assert.ok(mine.length >= 1, `no Problems row names ${RULE}: ${JSON.stringify(rows)}`);
      await editor.screenshot('problems-panel');
    });
  });

  it('applies the quick fix with Ctrl+. and the squiggle and the Problems entry go away', { timeout: 3 * 60_000 }, async () => {
    await setup();
    await step('quick-fix', async () => {
      assert.ok(editor, 'the editor did not open');
      const rowsBefore = (await editor.problemRows()).filter((r) => r.includes(RULE)).length;
      await editor.goTo(target.line, target.column);
      const textBefore = await editor.visibleText();
      const titles = await editor.openQuickFixes(target.line, target.column);
      await editor.screenshot('quick-fix-menu');
      const wanted = process.env.MEMLENS_E2E_FIX ? new RegExp(process.env.MEMLENS_E2E_FIX) : undefined;
      const title = titles.find((t) => (wanted ? wanted.test(t) : isFixTitle(t)));
      assert.ok(title, `no quick fix for ${RULE} among the offered actions: ${JSON.stringify(titles)}`);
      console.log(`quick fixes offered: ${JSON.stringify(titles)}; applying "${title}"`);
      await editor.pickQuickFix(title);
      // The fix may insert lines above the finding, so the squiggle is looked for by the flagged line's text.
      const flagged = targetText.trim();
      await editor.waitForSquiggles(
        (s) => !s.some((l) => l.text.trim() === flagged && l.classes.includes(`squiggly-${sev}`)),
        `the ${sev} squiggle on \`${flagged}\` did not disappear after "${title}"`,
        60_000,
      );
      const rowsAfter = await editor.waitForProblems(
        (rows) => rows.filter((r) => r.includes(RULE)).length < rowsBefore,
        `Problems still lists ${rowsBefore} ${RULE} entries after "${title}"`,
        30_000,
      );
      console.log(`${RULE} rows in Problems: ${rowsBefore} before the fix, ${rowsAfter.filter((r) => r.includes(RULE)).length} after`);
      // Once the new diagnostics are in, the flagged line is still on screen and carries no squiggle.
      assert.ok((await editor.visibleText()).split('\n').some((l) => l.trim() === flagged), `the flagged line \`${flagged}\` is no longer on screen`);
      const final = await editor.squiggles();
      assert.ok(!final.some((l) => l.text.trim() === flagged && l.classes.includes(`squiggly-${sev}`)), `the squiggle came back: ${JSON.stringify(final)}`);
      assert.notEqual(await editor.visibleText(), textBefore, 'the quick fix did not change the text');
      await editor.screenshot('after-quick-fix');
    });
  });

  // The first activation compiles the client and caches the compiled code (client/src/loader.ts); a reloaded window's
  // extension host must load it from that cache, and the client it runs must start the server and scan again, the
  // files nobody changed coming from the scan cache in the workspace's storage (server/src/scan/cache.ts).
  it('a reloaded window loads the client from its V8 code cache and scans again', { timeout: 3 * 60_000 }, async () => {
    await setup();
    await step('reload-from-code-cache', async () => {
      assert.ok(editor && server, 'the editor did not open');
      const memlensLogs = () => server!.logTail(/MemLens\.log$/, 200).split(/^--- /m).filter(Boolean);
      const first = memlensLogs();
      assert.ok(first.some((l) => /client loaded in [\d.]+ ms.*\(code cache: none\)/.test(l)), `the first activation did not log a load without a cache: ${first.join('\n')}`);
      await editor.reload();
      const logs = await pollUntil(
        async () => memlensLogs(),
        (all) => all.some((l) => /\(code cache: used\)/.test(l) && /MemLens scanned \d+ files/.test(l)),
        'after the reload, one extension host log with the client loaded from the code cache and a finished scan',
        90_000,
      );
      const again = logs.find((l) => /\(code cache: used\)/.test(l))!.match(/MemLens scanned (\d+) files in \d+ ms \((\d+) unchanged since the last scan/);
      assert.ok(again, 'the scan after the reload did not use its cache');
      assert.ok(Number(again[2]) > 0 && Number(again[2]) <= Number(again[1]), again[0]);
      console.log(`after the reload: ${again[0]})`);
      console.log(`client loads: ${logs.flatMap((l) => l.match(/client loaded in .*/g) ?? []).join(' | ')}`);
      await editor.screenshot('after-reload');
    });
  });
});
