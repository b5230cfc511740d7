// The simulation panel's real page (CSP, nonce, bundled script and CSS) in headless Debian chromium, fed recorded
// traces: the two-node cycle as the real simulator records it, a hand-made trace in the panel's model, hostile code.
// Screenshots in light, dark and high-contrast themes go to test-artifacts/webview/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { adaptTrace } from '../../client/webview/adapt';
import type { Trace } from '../../client/webview/model';
import { simulate } from '../../server/src/sim/simulate';
import { launch, openPanel, repoRoot, type PanelPageHandle } from './harness';
import { CYCLE_SOURCE, HOSTILE, cycleTrace, hostileTrace, longTrace } from './traces';

const artifacts = join(repoRoot, 'test-artifacts/webview');

/** The two-node cycle as the simulator records it. */
function simulatedCycle(): Trace {
  const r = simulate(CYCLE_SOURCE, { file: 'cycle.php' });
  assert.equal(r.exitCode, 0, `the simulator failed on the two-node cycle: ${r.stderr}`);
  assert.equal(r.stdout, 'int(2)\n');
  return adaptTrace(r.trace, { source: CYCLE_SOURCE, title: 'cycle.php', notes: [] });
}

async function boxes(p: PanelPageHandle) {
  return p.page.$$eval('#graph g.box[data-id]', (els) => els.map((e) => ({
    id: Number(e.getAttribute('data-id')),
    classes: (e.getAttribute('class') ?? '').split(' '),
    rc: e.querySelector('.rc text')?.textContent ?? '',
    label: e.getAttribute('aria-label') ?? '',
  })));
}

const counter = (p: PanelPageHandle) => p.page.textContent('#counter');
const stepIndex = async (p: PanelPageHandle) => Number(await p.page.inputValue('#scrubber'));

async function scrubTo(p: PanelPageHandle, i: number): Promise<void> {
  await p.page.evaluate((n) => {
    const r = document.getElementById('scrubber') as HTMLInputElement;
    r.value = String(n);
    r.dispatchEvent(new Event('input'));
  }, i);
}

/** Presses a key with the focus on the page body (not on the scrubber, which handles arrows itself). */
async function press(p: PanelPageHandle, key: string, times = 1): Promise<void> {
  await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < times; i++) await p.page.keyboard.press(key);
}

describe('simulation panel in chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('has a strict Content-Security-Policy with a nonce, runs no inline script and loads nothing remote', async () => {
    const p = await openPanel(browser);
    const csp = await p.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.ok(csp, 'no CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${p.nonce}'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!memlens-webview\.test)/);
    const scripts = await p.page.$$eval('script', (els) => els.map((s) => ({ nonce: (s as HTMLScriptElement).nonce, src: s.getAttribute('src') })));
    assert.deepEqual(scripts, [{ nonce: p.nonce, src: 'https://memlens-webview.test/dist/webview.js' }]);
    // The policy is enforced, not just present: an injected inline script does not run.
    await p.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
    });
    assert.equal(await p.page.evaluate(() => (window as any).__inline), undefined);
    assert.ok((await p.page.evaluate(() => (window as any).__csp ?? [])).some((v: string) => v.startsWith('script-src')), 'no CSP violation was reported for the inline script');
    await p.post({ type: 'load', trace: simulatedCycle(), trusted: true, step: 0 });
    await press(p, 'End');
    assert.deepEqual(p.external, [], 'the page requested something outside its own origin');
    const urls = await p.page.$$eval('[src],[href],[xlink\\:href]', (els) => els.map((e) => e.getAttribute('src') ?? e.getAttribute('href') ?? ''));
    for (const u of urls) assert.ok(u.startsWith('https://memlens-webview.test/'), `unexpected resource ${u}`);
    await p.page.context().close();
  });

  it('steps through the simulated two-node cycle: refcounts, possible roots, grey/white phases and 2 collected', async () => {
    const trace = simulatedCycle();
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace, trusted: true, step: 0 });
    assert.equal(await counter(p), `Step 1 / ${trace.steps.length} · line 3`);
    assert.equal((await boxes(p)).length, 0, 'nothing is allocated before line 3 runs');

    await press(p, 'ArrowRight');
    let b = await boxes(p);
    assert.deepEqual(b.map((x) => x.rc), ['1']);
    assert.match(b[0].label, /Node #1, refcount 1/);

    await press(p, 'ArrowRight', 3); // after $b->next = $a
    b = await boxes(p);
    assert.deepEqual(b.map((x) => x.rc).sort(), ['2', '2']);
    assert.equal(await p.page.locator('#graph path.edge').count(), 4, 'two variables and two properties point at the objects');

    await press(p, 'ArrowRight', 2); // after both unsets: only the cycle holds them
    b = await boxes(p);
    assert.deepEqual(b.map((x) => x.rc).sort(), ['1', '1']);
    assert.ok(b.every((x) => x.classes.includes('buffered') && x.classes.includes('unreachable')), JSON.stringify(b));
    assert.equal(await p.page.locator('#roots li.root').count(), 2);
    assert.equal(await p.page.textContent('#gc-status dd[data-field="roots"]'), '2');

    await press(p, 'g'); // jump to the GC run
    assert.match(await p.page.textContent('#gc-banner') ?? '', /GC run 1 \(gc_collect_cycles\)/);
    await press(p, 'ArrowRight'); // mark
    assert.ok((await boxes(p)).every((x) => x.classes.includes('gc-grey')));
    await press(p, 'ArrowRight'); // scan
    assert.ok((await boxes(p)).every((x) => x.classes.includes('gc-white')));
    await press(p, 'ArrowRight'); // collect
    b = await boxes(p);
    assert.equal(b.filter((x) => x.classes.includes('freed')).length, 2);
    assert.ok(b.every((x) => x.classes.includes('gc-white')), 'garbage is shown white while it is collected');
    assert.equal(await p.page.getAttribute('#gc-banner', 'data-collected'), '2');
    await p.page.screenshot({ path: join(artifacts, 'simulated-cycle-collect-light.png'), fullPage: true });

    await press(p, 'End');
    assert.equal((await boxes(p)).length, 0, 'the collector freed both objects');
    assert.equal(await p.page.textContent('#gc-status dd[data-field="collected"]'), '2');
    assert.equal(await p.page.textContent('#gc-status dd[data-field="runs"]'), '1');
    assert.equal(await p.page.getAttribute('#gc-banner', 'data-collected'), '2');
    assert.equal(await p.page.textContent('#stdout'), 'int(2)\n');
    assert.equal(await p.page.getAttribute('#code li.current', 'data-line'), '9');

    // The host hears about the line (for the editor highlight) and the state keeps the step.
    await p.page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'step' && m.line === 9), null, { timeout: 2000 });
    assert.equal((await p.state())?.step, trace.steps.length - 1);
    assert.deepEqual(p.problems, []);
    await p.page.context().close();
  });

  it('is keyboard driven: arrows, j/k, Home/End, PageUp/PageDown, G back to the run, buttons with Enter', async () => {
    const trace = simulatedCycle();
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace, trusted: true, step: 0 });
    await press(p, 'j', 2);
    assert.equal(await stepIndex(p), 2);
    await press(p, 'k');
    assert.equal(await stepIndex(p), 1);
    await press(p, 'End');
    assert.equal(await stepIndex(p), trace.steps.length - 1);
    await press(p, 'Shift+G');
    const gcStart = trace.steps.findIndex((s) => s.gcPhase?.phase === 'start');
    assert.equal(await stepIndex(p), gcStart);
    await press(p, 'PageUp');
    assert.equal(await stepIndex(p), Math.max(0, gcStart - 10));
    await press(p, 'Home');
    assert.equal(await stepIndex(p), 0);
    assert.ok(await p.page.isDisabled('#prev'));
    // Tab reaches the buttons; Enter activates them.
    await p.page.focus('#next');
    await p.page.keyboard.press('Enter');
    await p.page.keyboard.press('Enter');
    assert.equal(await stepIndex(p), 2);
    // The scrubber moves with the arrows when focused (once per press, not twice).
    await p.page.focus('#scrubber');
    await p.page.keyboard.press('ArrowRight');
    assert.equal(await stepIndex(p), 3);
    // Every control has an accessible name.
    const unnamed = await p.page.$$eval('button, input', (els) => els.filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim())).map((e) => e.id));
    assert.deepEqual(unnamed, []);
    assert.match(await p.page.textContent('#live') ?? '', /^Step 4 of \d+, line \d+: /);
    // Double-clicking a code line asks the host to show it in the editor.
    await p.page.locator('#code li[data-line="6"]').dblclick();
    assert.ok((await p.posted()).some((m) => m.type === 'reveal' && m.line === 6));
    await p.page.context().close();
  });

  it('restores the step from its saved state when the webview is re-created', async () => {
    const trace = simulatedCycle();
    const p = await openPanel(browser, { initialState: { step: 5 } });
    await p.post({ type: 'load', trace, trusted: true });
    assert.equal(await stepIndex(p), 5);
    assert.equal(await counter(p), `Step 6 / ${trace.steps.length} · line 8`);
    await p.page.context().close();
  });

  it('shows a copy-on-write separation when a shared array is written', async () => {
    const src = "<?php\n$a = [str_repeat('x', 3), 2, 3];\n$b = $a;\n$b[0] = 9;\necho count($b), \"\\n\";\n";
    const r = simulate(src, { file: 'cow.php' });
    assert.equal(r.exitCode, 0, r.stderr);
    const trace = adaptTrace(r.trace, { source: src, title: 'cow.php', notes: [] });
    const at = trace.steps.findIndex((s) => s.separated);
    assert.ok(at > 0, 'the adapter found no separation in the simulated trace');
    const p = await openPanel(browser, { theme: 'dark' });
    await p.post({ type: 'load', trace, trusted: true, step: at });
    assert.equal(await p.page.locator('#graph path.edge.copy').count(), 1);
    assert.equal(await p.page.locator('#graph g.box.cow-new').count(), 1);
    assert.match(await p.page.textContent('#what') ?? '', /copy on write/);
    await p.page.screenshot({ path: join(artifacts, 'cow-dark.png'), fullPage: true });
    await p.page.context().close();
  });

  it('renders the hand-made cycle trace in light, dark and high-contrast themes (screenshots)', async () => {
    const trace = cycleTrace();
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const p = await openPanel(browser, { theme });
      await p.post({ type: 'load', trace, trusted: false, step: 7 });
      const b = await boxes(p);
      assert.equal(b.length, 2);
      assert.ok(b.every((x) => x.classes.includes('gc-grey')));
      // Theme variables reach the page: the body background follows the theme.
      const bg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' }[theme]);
      await p.page.screenshot({ path: join(artifacts, `cycle-mark-${theme}.png`), fullPage: true });
      await scrubTo(p, 9);
      await p.page.screenshot({ path: join(artifacts, `cycle-collect-${theme}.png`), fullPage: true });
      // Beside an editor the panel is narrow: one column, the heap right under the code.
      await p.page.setViewportSize({ width: 520, height: 900 });
      const codeBox = await p.page.locator('#code').boundingBox();
      const heapBox = await p.page.locator('#graph').boundingBox();
      const framesBox = await p.page.locator('#frames').boundingBox();
      assert.ok(codeBox && heapBox && framesBox && codeBox.y < heapBox.y && heapBox.y < framesBox.y, 'narrow layout order: code, heap, frames');
      await p.page.screenshot({ path: join(artifacts, `cycle-collect-${theme}-narrow.png`), fullPage: true });
      assert.deepEqual(p.problems, []);
      await p.page.context().close();
    }
  });

  it('escapes hostile code everywhere and runs none of it', async () => {
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace: hostileTrace(), trusted: true, step: 0 });
    for (let i = 0; i < 5; i++) await press(p, 'ArrowRight');
    await p.post({ type: 'verified', real: HOSTILE.join('\n'), simulated: HOSTILE.slice().reverse().join('\n'), engine: HOSTILE[1] });
    await p.post({ type: 'error', message: HOSTILE[0] });
    await p.post({ type: 'load', trace: hostileTrace(), trusted: true, step: 2 });
    // Hover and click everything a user could.
    for (const sel of ['#graph g.box', '#code li', '#frames li', '#notes p', '#verify-result li']) {
      const all = p.page.locator(sel);
      for (let i = 0; i < Math.min(await all.count(), 12); i++) await all.nth(i).hover({ force: true }).catch(() => {});
    }
    await p.page.locator('#code li').first().dblclick();
    await p.page.waitForTimeout(100);
    assert.equal(await p.page.evaluate(() => (window as any).__pwned), undefined, 'hostile code executed');
    const dangerous = await p.page.$$eval('img, iframe, object, embed, a, form, [onerror], [onload], [onmouseover], [srcdoc]', (els) => els.map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(dangerous, []);
    assert.equal(await p.page.locator('script').count(), 1);
    assert.equal(await p.page.locator('svg').count(), 2, 'only the graph and the chart are SVG');
    // The text is there, as text.
    assert.ok((await p.page.textContent('#code'))!.includes('</script><script>'));
    assert.ok((await p.page.textContent('#title'))!.includes('<img src=x onerror='));
    assert.ok((await p.page.textContent('#graph'))!.includes('javascript:alert(1)'));
    assert.deepEqual(p.external, []);
    assert.deepEqual(p.problems, []);
    await p.page.context().close();
  });

  it('escapes hostile PHP run through the real simulator', async () => {
    const src = `<?php\n$s = str_repeat('${HOSTILE[1].replace(/'/g, "\\'")}', 2);\n$t = ['${HOSTILE[0].replace(/'/g, "\\'")}' => $s];\necho $s;\n`;
    const r = simulate(src, { file: 'hostile.php' });
    assert.equal(r.exitCode, 0, r.stderr);
    const trace = adaptTrace(r.trace, { source: src, title: 'hostile.php', notes: [] });
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace, trusted: true, step: trace.steps.length - 1 });
    assert.ok((await boxes(p)).length >= 2);
    assert.ok((await p.page.textContent('#stdout'))!.includes('<img src=x onerror='));
    assert.equal(await p.page.evaluate(() => (window as any).__pwned), undefined);
    assert.equal(await p.page.locator('img, a, iframe').count(), 0);
    await p.page.context().close();
  });

  it('offers "Verify with real PHP" only when trusted, asks the host, and highlights differing lines', async () => {
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace: simulatedCycle(), trusted: false, step: 0 });
    assert.ok(await p.page.isDisabled('#verify'));
    assert.match(await p.page.textContent('#verify-note') ?? '', /not trusted/);
    await p.page.locator('#verify').click({ force: true });
    assert.equal((await p.posted()).filter((m) => m.type === 'verify').length, 0, 'a disabled button posted verify');
    await p.post({ type: 'trust', trusted: true });
    assert.ok(!(await p.page.isDisabled('#verify')));
    await p.page.click('#verify');
    assert.equal((await p.posted()).filter((m) => m.type === 'verify').length, 1);
    await p.post({ type: 'verifying' });
    assert.ok(await p.page.isDisabled('#verify'));
    await p.post({ type: 'verified', real: 'int(2)\n', simulated: 'int(2)\n', engine: 'PHP 8.2 in WebAssembly' });
    assert.equal(await p.page.getAttribute('#verify-summary', 'data-differing'), '0');
    await p.post({ type: 'verified', real: 'a\nint(2)\n', simulated: 'a\nint(1)\n', engine: 'php 8.2.36' });
    assert.equal(await p.page.getAttribute('#verify-summary', 'data-differing'), '1');
    assert.equal(await p.page.locator('#verify-result li.diff').count(), 2);
    await p.page.screenshot({ path: join(artifacts, 'verify-light.png'), fullPage: true });
    await p.post({ type: 'verified', real: '', simulated: 'int(2)\n', engine: 'PHP 8.2 in WebAssembly', note: 'Real PHP exited with code 255' });
    assert.match(await p.page.textContent('#verify-note-real') ?? '', /exited with code 255/);
    await p.post({ type: 'verified', real: '', simulated: '', engine: 'none', error: 'Verification runs your code, so it is disabled in untrusted workspaces.' });
    assert.equal(await p.page.locator('#verify-summary').count(), 0);
    assert.match(await p.page.textContent('#verify-result [role="alert"]') ?? '', /untrusted/);
    await p.page.context().close();
  });

  it('draws a worker loop\'s memory per iteration when opened from its lens', async () => {
    const trace = { ...simulatedCycle(), growth: { curve: [0, 4160, 8320, 12480, 16640, 20800, 24960, 29120, 33280, 37440, 41600], iterations: 1000, bytesPerIteration: 416 } };
    const p = await openPanel(browser);
    assert.equal(await p.page.isHidden('#growth'), true, 'no growth section before a loop is simulated');
    await p.post({ type: 'load', trace, trusted: true, step: 0 });
    assert.equal(await p.page.isVisible('#growth svg polyline'), true);
    assert.equal(await p.page.textContent('#growth-summary'), '416 B retained per iteration, simulated over 1,000 iterations (+40.6 KiB at the end)');
    await p.post({ type: 'load', trace: simulatedCycle(), trusted: true, step: 0 });
    assert.equal(await p.page.isHidden('#growth'), true, 'a plain simulation hides it again');
    await p.page.context().close();
  });

  it('shows placeholder notes and why a run stopped', async () => {
    const trace = { ...cycleTrace(), notes: ['Simulated build() with placeholder arguments, not your real data: $n = 1 (int).'], stopped: 'Stopped at line 4: function mystery() is not supported by the simulator.' };
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace, trusted: true, step: 0 });
    const notes = await p.page.$$eval('#notes p', (els) => els.map((e) => e.textContent ?? ''));
    assert.equal(notes.length, 2);
    assert.match(notes[0], /placeholder arguments/);
    assert.match(notes[1], /not supported/);
    await p.page.context().close();
  });

  it('clears everything when a simulation recorded no steps, and says why', async () => {
    const p = await openPanel(browser);
    await p.post({ type: 'load', trace: cycleTrace(), trusted: true, step: 3 });
    assert.equal((await boxes(p)).length, 2);
    await p.post({ type: 'load', trace: { ...cycleTrace(), steps: [], stopped: 'Shape::area() is abstract: it has no body to simulate.' }, trusted: true });
    assert.equal((await boxes(p)).length, 0);
    assert.equal(await p.page.textContent('#counter'), 'Step 0 / 0');
    assert.ok(await p.page.isDisabled('#next'));
    assert.match(await p.page.textContent('#notes') ?? '', /abstract/);
    assert.deepEqual(p.problems, []);
    await p.page.context().close();
  });

  it('draws a 10,000-step trace and caps what one step draws', async () => {
    const trace = longTrace(10_000);
    const p = await openPanel(browser);
    const t0 = Date.now();
    await p.post({ type: 'load', trace, trusted: true, step: 0 });
    await scrubTo(p, 9_999);
    assert.equal(await counter(p), `Step 10000 / 10000 · line ${trace.steps[9_999].line}`);
    assert.equal((await boxes(p)).length, trace.steps[9_999].heap.length);
    assert.ok(Date.now() - t0 < 30_000);
    // Huge heaps (the 10,000-root demos) are cut to what a person can read, and the panel says so.
    const big = cycleTrace();
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: 100 + i, kind: 'object' as const, label: `X #${i}`, rc: 1, size: 40, color: 'purple' as const, buffered: true, entries: [] }));
    big.steps[0] = { ...big.steps[0], heap: many, frames: [{ name: '{main}', line: 3, vars: [{ key: 'keep', value: { node: 100 } }] }] };
    await p.post({ type: 'load', trace: big, trusted: true, step: 0 });
    assert.equal((await boxes(p)).length, 240);
    assert.match(await p.page.textContent('#graph') ?? '', /760 more values are not drawn/);
    await p.page.context().close();
  });
});
