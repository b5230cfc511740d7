// Draws one step's layout as SVG: frames and values as boxes, arrows from the variable/element that holds a value to
// it, a refcount badge on every refcounted value, the collector's colours while a run is in progress, purple for
// buffered possible roots, values a run freed struck through, and a dashed "copy" arrow at a copy-on-write separation.
import { s } from './dom';
import { HEADER, PAD, ROW, layout, valueText, type Box, type Edge } from './layout';
import type { Step } from './model';

function edgePath(e: Edge): string {
  if (!e.back) {
    const dx = Math.max(24, (e.x2 - e.x1) / 2);
    return `M${e.x1},${e.y1} C${e.x1 + dx},${e.y1} ${e.x2 - dx},${e.y2} ${e.x2},${e.y2}`;
  }
  // Back edge (a cycle, or a value shared with an earlier column): out to the right, under the boxes, and up into
  // the target from below, so it never crosses a box's text.
  const dip = Math.max(e.y1, e.y2) + 46;
  return `M${e.x1},${e.y1} C${e.x1 + 40},${e.y1} ${e.x1 + 40},${dip} ${(e.x1 + e.x2) / 2},${dip} S${e.x2},${dip - 6} ${e.x2},${e.y2}`;
}

function boxGroup(b: Box, step: Step, freed: Set<number>, inRun: boolean): SVGElement {
  const n = b.node;
  const classes = ['box'];
  let label: string;
  if (b.frame) {
    classes.push('frame');
    label = `frame ${b.frame.name}`;
  } else {
    classes.push(`k-${n!.kind}`);
    if (inRun) classes.push(`gc-${n!.color}`);
    if (n!.buffered) classes.push('buffered');
    if (freed.has(n!.id)) classes.push('freed');
    if (b.unreachable) classes.push('unreachable');
    if (step.separated?.to === n!.id) classes.push('cow-new');
    label = `${n!.label}, ${n!.rc === null ? 'not refcounted' : `refcount ${n!.rc}`}${n!.buffered ? ', possible root' : ''}` +
      `${inRun ? `, ${n!.color}` : ''}${freed.has(n!.id) ? ', collected' : ''}`;
  }
  const g = s('g', { class: classes.join(' '), 'data-key': b.key, 'data-id': n?.id, transform: `translate(${b.x},${b.y})`, role: 'listitem', 'aria-label': label });
  g.appendChild(s('title', {}, label));
  g.appendChild(s('rect', { class: 'body', width: b.w, height: b.h, rx: 4 }));
  g.appendChild(s('rect', { class: 'head', width: b.w, height: HEADER, rx: 4 }));
  g.appendChild(s('text', { class: 'title', x: PAD, y: 15 }, b.frame ? b.frame.name : n!.label));
  const rows = b.frame ? b.frame.vars : n!.kind === 'string' ? [] : n!.entries;
  rows.forEach((e, i) => {
    const y = HEADER + i * ROW + 13;
    const t = s('text', { class: 'row', x: PAD, y });
    t.appendChild(s('tspan', { class: 'key' }, b.frame ? `$${e.key}` : e.key));
    if ('node' in e.value) {
      t.appendChild(s('tspan', { class: 'ptr', dx: 6 }, '●'));
    } else {
      t.appendChild(s('tspan', { class: 'plain', dx: 8 }, valueText(e.value)));
    }
    g.appendChild(t);
  });
  if (!b.frame && n!.kind === 'string') g.appendChild(s('text', { class: 'row str', x: PAD, y: HEADER + 13 }, JSON.stringify(n!.text ?? '')));
  if (!rows.length && n?.kind !== 'string') g.appendChild(s('text', { class: 'row empty', x: PAD, y: HEADER + 13 }, b.frame ? 'no variables' : 'empty'));
  if (n) {
    const badge = s('g', { class: `rc${n.rc === null ? ' immutable' : ''}`, transform: `translate(${b.w - 2},0)` });
    badge.appendChild(s('circle', { r: 10 }));
    badge.appendChild(s('text', { 'text-anchor': 'middle', y: 4 }, n.rc === null ? '–' : String(n.rc)));
    g.appendChild(badge);
    if (n.buffered) g.appendChild(s('text', { class: 'root-tag', x: b.w - 16, y: -4, 'text-anchor': 'end' }, 'root'));
    if (freed.has(n.id)) g.appendChild(s('line', { class: 'strike', x1: 0, y1: b.h, x2: b.w, y2: 0 }));
  }
  return g;
}

export interface GraphResult {
  svg: SVGSVGElement;
  nodes: number;
  omitted: number;
}

export function drawGraph(step: Step): GraphResult {
  const L = layout(step);
  const freed = new Set(step.gcPhase?.freed ?? []);
  const inRun = !!step.gcPhase && step.gcPhase.phase !== 'end';
  const svg = s('svg', {
    class: 'graph', width: L.width, height: L.height, viewBox: `0 0 ${L.width} ${L.height}`,
    role: 'list', 'aria-label': `Heap: ${step.heap.length} values${L.omitted ? `, ${L.omitted} not drawn` : ''}`,
  }) as SVGSVGElement;
  const defs = s('defs');
  for (const id of ['arrow', 'arrow-copy']) {
    const m = s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    m.appendChild(s('path', { d: 'M0,0 L10,5 L0,10 z', class: id }));
    defs.appendChild(m);
  }
  svg.appendChild(defs);
  if (L.unreachableTop !== undefined) {
    svg.appendChild(s('line', { class: 'band', x1: 0, x2: L.width, y1: L.unreachableTop, y2: L.unreachableTop }));
    svg.appendChild(s('text', { class: 'band-label', x: PAD, y: L.unreachableTop + 16 }, 'Not reachable from any variable (only the cycle collector can free these)'));
  }
  const edges = s('g', { class: 'edges', 'aria-hidden': 'true' });
  for (const e of L.edges) edges.appendChild(s('path', { class: `edge${e.back ? ' back' : ''}`, d: edgePath(e), 'marker-end': 'url(#arrow)' }));
  const sep = step.separated;
  if (sep) {
    const from = L.boxes.find((b) => b.node?.id === sep.from);
    const to = L.boxes.find((b) => b.node?.id === sep.to);
    if (from && to) {
      const e = { x1: from.x + from.w / 2, y1: from.y + from.h, x2: to.x + to.w / 2, y2: to.y };
      edges.appendChild(s('path', { class: 'edge copy', d: `M${e.x1},${e.y1} C${e.x1},${e.y1 + 30} ${e.x2},${e.y2 - 30} ${e.x2},${e.y2}`, 'marker-end': 'url(#arrow-copy)' }));
      edges.appendChild(s('text', { class: 'copy-label', x: (e.x1 + e.x2) / 2 + 4, y: (e.y1 + e.y2) / 2 }, 'copy on write'));
    }
  }
  svg.appendChild(edges);
  const boxes = s('g', { class: 'boxes' });
  for (const b of L.boxes) boxes.appendChild(boxGroup(b, step, freed, inRun));
  svg.appendChild(boxes);
  return { svg, nodes: L.boxes.filter((b) => b.node).length, omitted: L.omitted };
}
