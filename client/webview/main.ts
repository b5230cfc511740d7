// The simulation panel: renders a recorded trace one step at a time. It receives the trace from the extension host
// by postMessage, keeps only the current step in getState/setState (the host re-sends the trace when the panel comes
// back), and reports the current line so the host can highlight it in the editor.
import './style.css';
import { bytes, clear, h, s } from './dom';
import { drawGraph } from './graph';
import type { FromWebview, PanelState, Step, ToWebview, Trace } from './model';

interface VsCodeApi {
  postMessage(msg: FromWebview): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

let trace: Trace | null = null;
let current = 0;
let trusted = false;
let gcStarts: number[] = [];
let outputEnds: number[] = [];
let fullOutput = '';
let lineTimer: number | undefined;

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));

// Static skeleton, built once.
const title = h('h1', { id: 'title' }, 'GC simulation');
const notes = h('div', { class: 'notes', id: 'notes', role: 'note' });
const btn = (id: string, symbol: string, label: string, keys: string) =>
  h('button', { id, type: 'button', 'aria-label': `${label} (${keys})`, title: `${label} (${keys})` }, h('span', { 'aria-hidden': 'true', class: 'sym' }, symbol));
const first = btn('first', '|◀', 'First step', 'Home');
const prev = btn('prev', '◀', 'Previous step', 'Left arrow or K');
const next = btn('next', '▶', 'Next step', 'Right arrow or J');
const last = btn('last', '▶|', 'Last step', 'End');
const prevGc = btn('prev-gc', '⟲', 'Previous GC run', 'Shift+G');
const nextGc = btn('next-gc', '⟳', 'Next GC run', 'G');
const scrubber = h('input', { id: 'scrubber', type: 'range', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Step' });
const counter = h('span', { id: 'counter', class: 'counter' });
const live = h('div', { id: 'live', class: 'sr-only', role: 'status', 'aria-live': 'polite' });
const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Simulation steps', 'aria-describedby': 'keys' }, first, prev, next, last, prevGc, nextGc, scrubber, counter);
const keys = h('p', { class: 'muted keys', id: 'keys' }, 'Keys: ← → (or J/K) step · Home/End · PgUp/PgDn 10 steps · G / Shift+G next/previous GC run · double-click a code line to show it in the editor');
const what = h('div', { id: 'what', class: 'what' });
const gcBanner = h('div', { id: 'gc-banner', class: 'gc-banner', hidden: true, role: 'status' });
const code = h('ol', { id: 'code', class: 'code', 'aria-label': 'Source' });
const output = h('pre', { id: 'stdout', class: 'stdout', 'aria-label': 'Output so far' });
const frames = h('div', { id: 'frames', class: 'frames' });
const graphHost = h('div', { id: 'graph', class: 'graph-host', tabindex: 0, 'aria-label': 'Heap graph' });
const heapList = h('ul', { id: 'heap-list', class: 'sr-only', 'aria-label': 'Heap values' });
const roots = h('ol', { id: 'roots', class: 'roots', 'aria-label': 'Possible-root buffer' });
const status = h('dl', { id: 'gc-status', class: 'gc-status' });
const chartHost = h('div', { id: 'chart', class: 'chart' });
const growthHost = h('div', { id: 'growth', class: 'chart' });
const growthSection = h('section', { 'aria-labelledby': 'growth-h', hidden: true }, h('h2', { id: 'growth-h' }, 'Memory per iteration'), growthHost);
const verifyBtn = h('button', { id: 'verify', type: 'button', disabled: true }, 'Verify with real PHP');
const verifyNote = h('p', { id: 'verify-note', class: 'muted' });
const verifyOut = h('div', { id: 'verify-result', class: 'verify-result' });
const legend = h('ul', { class: 'legend', 'aria-label': 'Legend' },
  h('li', {}, h('span', { class: 'sw rc-sw' }, '2'), ' refcount'),
  h('li', {}, h('span', { class: 'sw plain-sw' }, 'int(1)'), ' not refcounted (no heap value)'),
  h('li', {}, h('span', { class: 'sw purple-sw' }), ' possible root (buffered)'),
  h('li', {}, h('span', { class: 'sw grey-sw' }), ' grey: marked'),
  h('li', {}, h('span', { class: 'sw white-sw' }), ' white: garbage'),
  h('li', {}, h('span', { class: 'sw black-sw' }), ' black: still in use'),
);

const section = (label: string, id: string, ...body: Node[]) =>
  h('section', { 'aria-labelledby': id }, h('h2', { id }, label), ...body);

app.append(
  h('header', {}, title, notes, toolbar, keys, what, gcBanner, live),
  h('main', { class: 'layout' },
    h('div', { class: 'col-left' },
      section('Code', 'code-h', code),
      section('Frames', 'frames-h', frames),
      section('Output', 'stdout-h', output),
    ),
    h('div', { class: 'col-right' },
      section('Heap', 'heap-h', graphHost, heapList, legend),
      h('div', { class: 'row3' },
        section('Possible roots', 'roots-h', roots),
        section('gc_status()', 'status-h', status),
        section('memory_get_usage()', 'chart-h', chartHost),
      ),
      growthSection,
      section('Verify', 'verify-h', verifyBtn, verifyNote, verifyOut),
    ),
  ),
);

function load(t: Trace, step: number): void {
  trace = t;
  current = Math.max(0, Math.min(step, t.steps.length - 1));
  title.textContent = `GC simulation: ${t.title}${t.opcache ? ' (opcache on)' : ''}`;
  clear(notes);
  for (const n of t.notes) notes.appendChild(h('p', { class: 'note' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, 'i'), n));
  if (t.stopped) notes.appendChild(h('p', { class: 'note warn' }, h('span', { class: 'icon warn', 'aria-hidden': 'true' }, '!'), t.stopped));
  notes.hidden = !notes.childElementCount;
  // The code is drawn once; stepping only moves the highlight.
  clear(code);
  t.source.split(/\r?\n/).forEach((line, i) => {
    // Numbers as in the editor's file; lines MemLens added (placeholders, stubs) get a dot.
    const shown = t.lineMap ? (t.lineMap[i] ? String(t.lineMap[i]) : '·') : String(i + 1);
    code.appendChild(h('li', { 'data-line': i + 1, class: t.lineMap && !t.lineMap[i] ? 'line added' : 'line' }, h('span', { class: 'ln', 'aria-hidden': 'true' }, shown), h('code', {}, line || ' ')));
  });
  gcStarts = [];
  outputEnds = [];
  fullOutput = '';
  t.steps.forEach((st, i) => {
    if (st.gcPhase && (st.gcPhase.phase === 'start' || !t.steps[i - 1]?.gcPhase || t.steps[i - 1].gcPhase!.run !== st.gcPhase.run)) gcStarts.push(i);
    if (st.output) fullOutput += st.output;
    outputEnds.push(fullOutput.length);
  });
  scrubber.max = String(Math.max(0, t.steps.length - 1));
  drawChart(t);
  drawGrowth(t);
  render();
}

function stepTo(i: number): void {
  if (!trace || !trace.steps.length) return;
  const clamped = Math.max(0, Math.min(i, trace.steps.length - 1));
  if (clamped === current && scrubber.value === String(clamped)) return;
  current = clamped;
  render();
}

function render(): void {
  if (!trace) return;
  const st = trace.steps[current];
  if (!st) {
    // Nothing ran (unparsable code, an abstract method...): the notes say why; leave nothing from an older trace.
    what.textContent = 'The simulation recorded no steps.';
    counter.textContent = 'Step 0 / 0';
    for (const el of [frames, graphHost, heapList, roots, status, output]) clear(el);
    gcBanner.hidden = true;
    first.disabled = prev.disabled = next.disabled = last.disabled = nextGc.disabled = prevGc.disabled = true;
    return;
  }
  const n = trace.steps.length;
  scrubber.value = String(current);
  scrubber.setAttribute('aria-valuetext', `Step ${current + 1} of ${n}, line ${trace.lineMap ? trace.lineMap[st.line - 1] || 'added by MemLens' : st.line}`);
  // Lines MemLens added (the placeholder call, stubs) have no number in the file.
  const fileLine = trace.lineMap ? trace.lineMap[st.line - 1] || 'added by MemLens' : st.line;
  counter.textContent = `Step ${current + 1} / ${n} · line ${fileLine}`;
  what.textContent = st.what;
  live.textContent = `Step ${current + 1} of ${n}, line ${fileLine}: ${st.what}`;
  first.disabled = prev.disabled = current === 0;
  last.disabled = next.disabled = current === n - 1;
  nextGc.disabled = !gcStarts.some((g) => g > current);
  prevGc.disabled = !gcStarts.some((g) => g < current);

  code.querySelectorAll('.current, .ran').forEach((li) => {
    li.classList.remove('current', 'ran');
    li.removeAttribute('aria-current');
  });
  if (st.ran !== undefined) code.children[st.ran - 1]?.classList.add('ran');
  const lineEl = code.children[st.line - 1] as HTMLElement | undefined;
  if (lineEl) {
    lineEl.classList.add('current');
    lineEl.setAttribute('aria-current', 'step');
    lineEl.scrollIntoView?.({ block: 'nearest' });
  }

  renderGcBanner(st);
  renderFrames(st);
  const g = drawGraph(st);
  graphHost.replaceChildren(g.svg);
  if (g.omitted) graphHost.appendChild(h('p', { class: 'muted' }, `${g.omitted} more values are not drawn.`));
  renderHeapList(st);
  renderRoots(st);
  renderStatus(st);
  moveChartCursor();
  output.textContent = fullOutput.slice(0, outputEnds[current] ?? 0);

  vscode.setState({ ...(vscode.getState() ?? {}), step: current });
  // The editor highlight follows after the keys settle: holding an arrow key must not flood the host.
  clearTimeout(lineTimer);
  const line = st.line;
  const index = current;
  lineTimer = window.setTimeout(() => vscode.postMessage({ type: 'step', index, line }), 60);
}

function renderGcBanner(st: Step): void {
  const p = st.gcPhase;
  if (!p) {
    gcBanner.hidden = true;
    return;
  }
  gcBanner.hidden = false;
  const phaseText: Record<string, string> = {
    start: 'starts',
    mark: 'marks grey from each purple root, subtracting internal references',
    scan: 'scans: still referenced from outside turns black, the rest white',
    collect: 'collects the white values',
    destructors: 'runs destructors first; it will run again',
    end: 'ends',
  };
  const parts = [`GC run ${p.run}${p.reason ? ` (${p.reason})` : ''} ${phaseText[p.phase] ?? p.phase}`];
  if (p.collected !== undefined) parts.push(`collected ${p.collected}`);
  gcBanner.replaceChildren(h('span', { class: 'icon gc', 'aria-hidden': 'true' }, 'GC'), parts.join(' · '));
  gcBanner.dataset.collected = p.collected === undefined ? '' : String(p.collected);
}

function renderFrames(st: Step): void {
  clear(frames);
  for (const f of [...st.frames].reverse()) {
    const list = h('ul', { class: 'vars' });
    for (const v of f.vars) {
      let value: Node;
      if ('node' in v.value) {
        const target = st.heap.find((x) => x.id === (v.value as { node: number }).node);
        value = h('span', { class: 'ptr-text' }, target ? `→ ${target.label}${target.rc !== null ? ` (refcount ${target.rc})` : ''}` : '→ (freed)');
      } else {
        value = h('span', { class: 'plain', title: 'not refcounted' }, v.value.plain);
      }
      list.appendChild(h('li', {}, h('span', { class: 'var' }, `$${v.key}`), ' ', value));
    }
    if (!f.vars.length) list.appendChild(h('li', { class: 'muted' }, 'no variables'));
    const line = trace!.lineMap ? trace!.lineMap[f.line - 1] : f.line;
    frames.appendChild(h('div', { class: 'frame' }, h('h3', {}, `${f.name}`, h('span', { class: 'muted' }, line ? ` line ${line}` : ' (MemLens call)')), list));
  }
}

function renderHeapList(st: Step): void {
  clear(heapList);
  for (const n of st.heap.slice(0, 240)) {
    heapList.appendChild(h('li', {}, `${n.label}: ${n.rc === null ? 'not refcounted' : `refcount ${n.rc}`}, ${n.size} bytes${n.buffered ? ', possible root' : ''}`));
  }
}

function renderRoots(st: Step): void {
  clear(roots);
  for (const id of st.roots.slice(0, 100)) {
    const n = st.heap.find((x) => x.id === id);
    roots.appendChild(h('li', { class: 'root' }, n ? `${n.label}${n.rc !== null ? ` · rc ${n.rc}` : ''}` : `#${id}`));
  }
  if (st.roots.length > 100) roots.appendChild(h('li', { class: 'muted' }, `… ${st.roots.length - 100} more`));
  if (!st.roots.length) roots.appendChild(h('li', { class: 'muted' }, 'empty'));
}

function renderStatus(st: Step): void {
  clear(status);
  const rows: [string, string][] = [
    ['runs', String(st.gc.runs)],
    ['collected', String(st.gc.collected)],
    ['threshold', String(st.gc.threshold)],
    ['roots', String(st.gc.roots)],
  ];
  for (const [k, v] of rows) status.append(h('dt', {}, k), h('dd', { 'data-field': k }, v));
  status.append(h('dt', {}, 'memory'), h('dd', { 'data-field': 'memory' }, bytes(st.memory)));
}

// memory_get_usage() over all steps: drawn once per trace, only the cursor moves.
const CHART_W = 320;
const CHART_H = 90;
let chartCursor: SVGElement | null = null;
let chartLabel: HTMLElement | null = null;

function drawChart(t: Trace): void {
  clear(chartHost);
  const n = t.steps.length;
  if (!n) return;
  const { points, hi, x } = polyline(t.steps.map((st) => st.memory));
  const svg = s('svg', { class: 'chart-svg', viewBox: `0 0 ${CHART_W} ${CHART_H}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': `memory_get_usage() from ${bytes(t.steps[0].memory)} to ${bytes(t.steps[n - 1].memory)}, peak ${bytes(hi)}` });
  for (const g of gcStarts) svg.appendChild(s('line', { class: 'gc-tick', x1: x(g), x2: x(g), y1: 0, y2: CHART_H }));
  svg.appendChild(s('polyline', { class: 'mem', points }));
  chartCursor = s('line', { class: 'cursor', x1: 0, x2: 0, y1: 0, y2: CHART_H });
  svg.appendChild(chartCursor);
  chartLabel = h('p', { class: 'muted chart-label' });
  svg.addEventListener('click', (ev) => {
    const r = svg.getBoundingClientRect();
    stepTo(Math.round(((ev.clientX - r.left) / r.width) * (n - 1)));
  });
  chartHost.append(svg, chartLabel);
}

/** Values as an SVG polyline in the chart box: at most two points (min and max) per pixel column, so a
 * 10,000-step trace stays light. */
function polyline(values: number[]): { points: string; lo: number; hi: number; x: (i: number) => number } {
  const n = values.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const top = hi === lo ? lo + 1 : hi;
  const y = (m: number) => CHART_H - 4 - ((m - lo) / (top - lo)) * (CHART_H - 16);
  const x = (i: number) => (n === 1 ? 0 : (i / (n - 1)) * CHART_W);
  const pts: string[] = [];
  const perPx = Math.max(1, Math.ceil(n / CHART_W));
  for (let i = 0; i < n; i += perPx) {
    let a = values[i];
    let b = a;
    for (let j = i; j < Math.min(n, i + perPx); j++) {
      a = Math.min(a, values[j]);
      b = Math.max(b, values[j]);
    }
    pts.push(`${x(i).toFixed(1)},${y(a).toFixed(1)}`);
    if (b !== a) pts.push(`${x(i).toFixed(1)},${y(b).toFixed(1)}`);
  }
  return { points: pts.join(' '), lo, hi, x };
}

// A worker loop's memory over many simulated iterations (from the "Worker health" lens): the leak's slope.
function drawGrowth(t: Trace): void {
  clear(growthHost);
  const g = t.growth;
  growthSection.hidden = !g?.curve.length;
  if (!g?.curve.length) return;
  const { points } = polyline(g.curve);
  const summary = `${bytes(g.bytesPerIteration)} retained per iteration, simulated over ${g.iterations.toLocaleString('en-US')} iterations (+${bytes(g.curve[g.curve.length - 1])} at the end)`;
  const svg = s('svg', { class: 'chart-svg', viewBox: `0 0 ${CHART_W} ${CHART_H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': summary });
  svg.appendChild(s('polyline', { class: 'mem', points }));
  growthHost.append(svg, h('p', { class: 'muted chart-label', id: 'growth-summary' }, summary));
}

function moveChartCursor(): void {
  if (!trace || !chartCursor) return;
  const n = trace.steps.length;
  const x = n === 1 ? 0 : (current / (n - 1)) * CHART_W;
  chartCursor.setAttribute('x1', String(x));
  chartCursor.setAttribute('x2', String(x));
  if (chartLabel) chartLabel.textContent = `${bytes(trace.steps[current].memory)} at step ${current + 1}`;
}

function jumpGc(forward: boolean): void {
  const target = forward ? gcStarts.find((g) => g > current) : [...gcStarts].reverse().find((g) => g < current);
  if (target !== undefined) stepTo(target);
}

first.addEventListener('click', () => stepTo(0));
prev.addEventListener('click', () => stepTo(current - 1));
next.addEventListener('click', () => stepTo(current + 1));
last.addEventListener('click', () => stepTo(Infinity));
nextGc.addEventListener('click', () => jumpGc(true));
prevGc.addEventListener('click', () => jumpGc(false));
scrubber.addEventListener('input', () => stepTo(Number(scrubber.value)));
code.addEventListener('dblclick', (ev) => {
  const li = (ev.target as Element).closest('li[data-line]');
  if (li) vscode.postMessage({ type: 'reveal', line: Number(li.getAttribute('data-line')) });
});

document.addEventListener('keydown', (ev) => {
  if (!trace || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target as HTMLElement;
  // The scrubber steps by itself with arrows/Home/End; buttons keep Enter/Space.
  if (t === scrubber || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t !== scrubber)) return;
  let handled = true;
  switch (ev.key) {
    case 'ArrowRight': case 'j': case 'n': stepTo(current + 1); break;
    case 'ArrowLeft': case 'k': case 'p': stepTo(current - 1); break;
    case 'Home': stepTo(0); break;
    case 'End': stepTo(Infinity); break;
    case 'PageDown': stepTo(current + 10); break;
    case 'PageUp': stepTo(current - 10); break;
    case 'g': jumpGc(true); break;
    case 'G': jumpGc(false); break;
    default: handled = false;
  }
  if (handled) ev.preventDefault();
});

function setTrusted(value: boolean): void {
  trusted = value;
  verifyBtn.disabled = !trusted;
  verifyNote.textContent = trusted
    ? 'Runs this code in real PHP 8.2 (asks first) and shows its output beside the simulated one.'
    : 'Disabled: this workspace is not trusted, and verifying runs the code.';
}

verifyBtn.addEventListener('click', () => {
  if (!trusted) return;
  vscode.postMessage({ type: 'verify' });
});

function showVerification(msg: Extract<ToWebview, { type: 'verified' }>): void {
  verifyBtn.disabled = !trusted;
  clear(verifyOut);
  if (msg.error) {
    verifyOut.appendChild(h('p', { class: 'note warn', role: 'alert' }, msg.error));
    return;
  }
  const real = msg.real.split('\n');
  const sim = msg.simulated.split('\n');
  const rows = Math.max(real.length, sim.length);
  let differing = 0;
  const left = h('ol', { class: 'out', 'aria-label': 'Real PHP output' });
  const right = h('ol', { class: 'out', 'aria-label': 'Simulated output' });
  for (let i = 0; i < rows; i++) {
    const same = real[i] === sim[i];
    if (!same) differing++;
    left.appendChild(h('li', { class: same ? '' : 'diff' }, real[i] ?? ''));
    right.appendChild(h('li', { class: same ? '' : 'diff' }, sim[i] ?? ''));
  }
  if (msg.note) verifyOut.appendChild(h('p', { class: 'note warn', id: 'verify-note-real' }, msg.note));
  verifyOut.append(
    h('p', { class: differing ? 'note warn' : 'note ok', id: 'verify-summary', 'data-differing': differing, role: 'status' },
      differing ? `${differing} line${differing === 1 ? '' : 's'} differ between real PHP (${msg.engine}) and the simulation.` : `Real PHP (${msg.engine}) and the simulation print the same output.`),
    h('div', { class: 'side' }, h('div', {}, h('h3', {}, `Real PHP (${msg.engine})`), left), h('div', {}, h('h3', {}, 'Simulated'), right)),
  );
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'load':
      setTrusted(msg.trusted);
      if (msg.restore) vscode.setState({ ...(vscode.getState() ?? { step: 0 }), restore: msg.restore });
      load(msg.trace, msg.step ?? vscode.getState()?.step ?? 0);
      break;
    case 'error':
      clear(notes);
      notes.hidden = false;
      notes.appendChild(h('p', { class: 'note warn', role: 'alert' }, msg.message));
      break;
    case 'trust':
      setTrusted(msg.trusted);
      break;
    case 'verifying':
      verifyBtn.disabled = true;
      verifyOut.replaceChildren(h('p', { class: 'muted' }, 'Running real PHP…'));
      break;
    case 'verified':
      showVerification(msg);
      break;
  }
});

setTrusted(false);
vscode.postMessage({ type: 'ready' });
