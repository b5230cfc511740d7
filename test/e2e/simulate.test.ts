// Real-editor end-to-end for "MemLens: Simulate GC" (issue 5): the built .vsix in code-server, driven by headless
// Debian chromium. Opens a copy of examples/, puts the cursor in twoNodes() (the two-node cycle) in
// memory/cycles.php, runs the command from the palette, steps the panel and sees the editor highlight the line of
// each step, steps to the end, sees both objects collected, then "Verify with real PHP" (confirming the dialog) and
// sees real PHP print the same; hovers a variable for the refcount the simulation saw on that line, turns on
// memlens.simulate.inlayHints and sees the refcounts written after the variables; clicks the "Simulate GC" code lens
// above another function.
// Real PHP is the PHP 8.2 in WebAssembly that the .vsix ships (dist/php-wasm): no php binary is configured.
// Screenshots and code-server's log go to test-artifacts/e2e-simulate/.
// Every wait polls for a state with a bound; nothing sleeps a fixed time.
// Nothing is skipped: when code-server, chromium or the extension cannot be had, the suite fails and says why.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { CodeServer, Editor, buildVsix, ensureCodeServer, pollUntil, repoRoot } from './codeServer';

const artifacts = join(repoRoot, 'test-artifacts/e2e-simulate');
const FILE = 'memory/cycles.php';

/** The .vsix: MEMLENS_E2E_VSIX when set (used as it is), else `buildVsix` into a file of this suite's own. */
function vsixForTest(): string {
  if (process.env.MEMLENS_E2E_VSIX) return resolve(process.env.MEMLENS_E2E_VSIX);
  return buildVsix(join(repoRoot, '.cache/memlens-simulate.vsix'));
}

/** The extension's own log lines (the MemLens output channel and extension-host errors), to explain a failure. */
function extensionLog(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/MemLens\.log$|remoteexthost\.log$/.test(p)) out.push(...readFileSync(p, 'utf8').split('\n').filter((l) => /memlens|error/i.test(l)).slice(-15));
    }
  };
  try {
    walk(dir);
  } catch {
    /* the server is gone */
  }
  return out.join('\n');
}

describe('real editor: Simulate GC on the two-node cycle', { timeout: 30 * 60_000 }, () => {
  let server: CodeServer | undefined;
  let editor: Editor | undefined;
  let workspace: string | undefined;

  after(async () => {
    await editor?.close();
    await server?.stop();
    if (workspace) rmSync(resolve(workspace, '..'), { recursive: true, force: true });
  });

  it('runs from the palette, steps to the end with 2 collected, and real PHP agrees', { timeout: 25 * 60_000 }, async () => {
    const tc = ensureCodeServer();
    const vsix = vsixForTest();
    const source = readFileSync(join(repoRoot, 'examples', FILE), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('unset($first, $second)')) + 1;
    assert.ok(line > 0, `examples/${FILE} no longer has the two-node cycle (unset($first, $second))`);

    workspace = join(mkdtempSync(join(tmpdir(), 'memlens-e2e-sim-')), 'examples');
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    server = await CodeServer.start({ folder: workspace, vsix: [vsix], toolchain: tc, logDir: artifacts });
    editor = await Editor.open(server.url, { screenshotDir: artifacts, chromium: tc.chromium, timeoutMs: 60_000 });
    const page = editor.page;

    await editor.openFromExplorer(FILE);
    await editor.goTo(line, 5);
    await editor.runCommand('MemLens: Simulate GC');

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#counter').waitFor({ timeout: 120_000 }).catch(async (e) => {
      await editor!.screenshot('simulate-no-panel');
      throw new Error(`the simulation panel did not show a trace (${e.message.split('\n')[0]}). Extension log:\n${extensionLog(server!.dir)}`);
    });
    assert.match(await view.locator('#title').textContent() ?? '', /twoNodes\(\)/);
    assert.match(await view.locator('#notes').textContent() ?? '', /called with no arguments/);
    await editor.screenshot('simulate-start');

    // While stepping, the editor highlights the line of the panel's current step (a whole-line decoration with a
    // 2px left border), and follows each step.
    const text = editor.textEditor('cycles.php');
    const panelLine = async () => Number(/· line (\d+)/.exec((await view.locator('#counter').textContent()) ?? '')?.[1] ?? 0);
    const highlighted = async () => [...new Set((await editor!.lineOverlays(text)).filter((o) => o.borderLeft === '2px solid').map((o) => o.line))];
    await view.locator('#what').click();
    const seen: number[] = [];
    for (let i = 0; i < 40 && seen.length < 3; i++) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      const at = await panelLine();
      if (at && at !== seen[seen.length - 1]) {
        const lines = await pollUntil(highlighted, (l) => l.length === 1 && l[0] === at, `the editor highlights line ${at}, the panel's current step`);
        assert.deepEqual(lines, [at]);
        seen.push(at);
      }
    }
    assert.ok(seen.length >= 3, `the highlight followed only lines ${seen} of the steps`);
    await editor.screenshot('simulate-line-highlight');

    // Step with the keyboard inside the panel: to the end, then back to the collector's run.
    await page.keyboard.press('End');
    await view.locator('#gc-status dd[data-field="collected"]').filter({ hasText: /^2$/ }).waitFor();
    assert.equal(await view.locator('#stdout').textContent(), 'int(2)\n');
    assert.equal(await view.locator('#graph g.box[data-id]').count(), 0, 'objects are left after the collector ran');
    await page.keyboard.press('Shift+G');
    assert.match(await view.locator('#gc-banner').textContent() ?? '', /GC run 1 \(gc_collect_cycles\)/);
    for (let i = 0; i < 6 && (await view.locator('#graph g.box.freed').count()) === 0; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await view.locator('#graph g.box.freed').count(), 2, 'the collect phase does not show both objects freed');
    assert.match(await view.locator('#graph').textContent() ?? '', /ListNode #1[\s\S]*ListNode #2|ListNode #2[\s\S]*ListNode #1/);
    await editor.screenshot('simulate-collect');

    // "Verify with real PHP" asks first, then shows real output beside the simulated one.
    await view.locator('#verify').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.textContent() ?? '', /Run this code in real PHP/);
    await editor.screenshot('verify-dialog');
    await dialog.getByRole('button', { name: 'Run in real PHP' }).click();
    const summary = view.locator('#verify-summary');
    await summary.waitFor({ timeout: 120_000 });
    assert.equal(await summary.getAttribute('data-differing'), '0', `real PHP and the simulation differ: ${await view.locator('#verify-result').textContent()}`);
    assert.match(await summary.textContent() ?? '', /Real PHP \(PHP 8\.2 in WebAssembly\) and the simulation print the same output/);
    await editor.screenshot('verify-agrees');

    // After the simulation, hovering a variable on a line it ran shows the refcount the simulation saw there.
    const linkLine = source.findIndex((l) => l.includes('$first->next = $second;')) + 1;
    await page.keyboard.press('Control+1'); // back to the text editor's group (the panel has the focus)
    await editor.goTo(linkLine, source[linkLine - 1].indexOf('$second') + 3);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: 'MemLens simulation' });
    await hover.first().waitFor({ timeout: 30_000 });
    assert.match(await hover.first().textContent() ?? '', /\$second.*ListNode #2.*refcount 2/);
    await editor.screenshot('hover-refcount');

    // memlens.simulate.inlayHints (off so far): turned on, the refcounts appear after the variables of that line.
    const linkText = async () => (await editor!.visibleText(text)).split('\n').find((l) => l.includes('->next = $second')) ?? '';
    assert.doesNotMatch(await linkText(), /rc \d/, 'inlay hints shown while memlens.simulate.inlayHints is off');
    await editor.setBooleanSetting('memlens.simulate.inlayHints', /Simulate: Inlay Hints/, true);
    const hinted = await pollUntil(linkText, (l) => /\$second\s*rc 2/.test(l), 'the inlay hint "rc 2" after $second', 60_000);
    assert.match(hinted, /\$first\s*rc 1\s*->next = \$second\s*rc 2;/);
    await editor.screenshot('inlay-hints-refcount');

    // The "Simulate GC" code lens above another function simulates that one.
    const fnLine = source.findIndex((l) => l.startsWith('function countCategories')) + 1;
    await editor.goTo(fnLine, 1);
    const fnRow = page.locator('.editor-group-container.active .view-line', { hasText: 'function countCategories' }).first();
    const lenses = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Simulate GC' });
    // The lens right above the function (its row directly over the function's row), looked for again until the
    // editor has stopped moving: in the missed runs of 2026-12-06 the pick was made while lines still moved and the
    // lens clicked was the one above path() (the screenshots: path() simulated, its lens under the pointer).
    const lensAbove = async () => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const row = await fnRow.boundingBox();
        assert.ok(row, 'the countCategories() line is not on screen');
        let best: { i: number; y: number } | undefined;
        for (let i = 0; i < (await lenses.count()); i++) {
          const y = (await lenses.nth(i).boundingBox())?.y;
          if (y !== undefined && y < row.y && (!best || y > best.y)) best = { i, y };
        }
        await page.waitForTimeout(250);
        const still = (await fnRow.boundingBox())?.y === row.y;
        if (best && still && row.y - best.y < 2.5 * row.height) return lenses.nth(best.i);
        assert.ok(Date.now() < deadline, 'no "Simulate GC" code lens right above countCategories()');
      }
    };
    // A click on a code lens can land on an overlay (a hover, an inlay hint) and do nothing: clicked again, within
    // the same minute, until the panel shows the function (seen once under load in a clean-clone run).
    for (let attempt = 1; ; attempt++) {
      await (await lensAbove()).click();
      try {
        await view.locator('#title', { hasText: 'countCategories()' }).waitFor({ timeout: 20_000 });
        break;
      } catch (e) {
        // What the lens click left on screen.
        await editor.screenshot(`code-lens-missed-${attempt}`).catch(() => undefined);
        if (attempt === 3) throw e;
      }
    }
    await view.locator('#what').click();
    await page.keyboard.press('End');
    await view.locator('#stdout', { hasText: 'int(3)' }).waitFor();
    assert.equal(await view.locator('#gc-status dd[data-field="collected"]').textContent(), '3', 'two objects and the children array');
    await editor.screenshot('code-lens-countCategories');
  });
});
