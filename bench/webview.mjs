#!/usr/bin/env node
// Benchmark (not a test): how long the simulation panel takes to draw one step of a 10,000-step trace in headless
// Debian chromium, on the real page (CSP, bundled script and CSS). Prints a table.
//   node bench/webview.mjs [--steps 10000] [--samples 400] [--live 12]
// "render" is the synchronous work of one step change (DOM + SVG rebuilt) plus the forced style/layout;
// "to frame" adds waiting for the next animation frame (paint). Random jumps (scrubber) and sequential steps
// (the Right arrow key) are timed separately; loading the trace is timed once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
// The page harness and trace generator are TypeScript: run under tsx, as the tests do.
if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  process.exit(r.status ?? 1);
}
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const STEPS = arg('steps', 10_000);
const SAMPLES = arg('samples', 400);
const LIVE = arg('live', 12);

if (!existsSync(join(root, 'dist/webview.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(1);
}
const { launch, openPanel } = await import('../test/webview/harness.ts');
const { longTrace } = await import('../test/webview/traces.ts');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};

const trace = longTrace(STEPS, LIVE);
const nodes = trace.steps.reduce((a, s) => a + s.heap.length, 0);
const json = JSON.stringify({ type: 'load', trace, trusted: true, step: 0 });
const browser = await launch();
try {
  const p = await openPanel(browser, { theme: 'dark', viewport: { width: 1400, height: 900 } });
  const version = browser.version();
  // Hand the trace to the page once as a string, then time postMessage -> first step drawn inside the page.
  await p.page.evaluate((s) => { window.__msg = JSON.parse(s); }, json);
  const load = await p.page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    window.postMessage(window.__msg, '*');
    setTimeout(() => {
      document.body.getBoundingClientRect();
      resolve(performance.now() - t0);
    }, 0);
  }));

  const jumps = await p.page.evaluate(async ({ n, samples }) => {
    const r = document.getElementById('scrubber');
    const render = [];
    const frame = [];
    let seed = 12345;
    for (let i = 0; i < samples; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const target = seed % n;
      const t0 = performance.now();
      r.value = String(target);
      r.dispatchEvent(new Event('input'));
      document.body.getBoundingClientRect();
      render.push(performance.now() - t0);
      await new Promise((res) => requestAnimationFrame(() => res()));
      frame.push(performance.now() - t0);
    }
    return { render, frame };
  }, { n: STEPS, samples: SAMPLES });

  const sequential = await p.page.evaluate(async ({ samples }) => {
    const r = document.getElementById('scrubber');
    r.value = '0';
    r.dispatchEvent(new Event('input'));
    document.activeElement?.blur?.();
    const render = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      document.body.getBoundingClientRect();
      render.push(performance.now() - t0);
    }
    return render;
  }, { samples: SAMPLES });
  const drawn = await p.page.locator('#graph g.box').count();

  const rows = [
    ['random jump: render + layout', stats(jumps.render)],
    ['random jump: to next frame', stats(jumps.frame)],
    ['next step (Right arrow): render + layout', stats(sequential)],
  ];
  console.log(`MemLens simulation panel, ${STEPS.toLocaleString('en-US')}-step trace (${nodes.toLocaleString('en-US')} heap values in all, up to ${LIVE} per step, ${(json.length / 1048576).toFixed(1)} MB JSON), chromium ${version}, ${SAMPLES} samples each`);
  console.log('');
  console.log('| measure | median ms | p95 ms | max ms |');
  console.log('|---|---:|---:|---:|');
  console.log(`| load trace (postMessage -> step 1 drawn) | ${load.toFixed(1)} | | |`);
  for (const [name, s] of rows) console.log(`| ${name} | ${s.median.toFixed(2)} | ${s.p95.toFixed(2)} | ${s.max.toFixed(2)} |`);
  console.log('');
  console.log(`boxes drawn on the last step: ${drawn}; page problems: ${p.problems.length ? p.problems.join('; ') : 'none'}; requests outside the page: ${p.external.length}`);
} finally {
  await browser.close();
}
