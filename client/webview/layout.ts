// Places one step's frames and heap values on a plane, Python Tutor style: variables on the left, values in columns
// by distance from the variables, so arrows mostly run left to right. Values no variable reaches (a cycle after
// `unset`, waiting for the collector) get their own band below. Pure: no DOM, so tests and the benchmark can time it.
import type { Entry, HeapNode, Step, Value } from './model';

export const ROW = 18;
export const HEADER = 22;
export const PAD = 8;
export const COL_GAP = 56;
export const BOX_GAP = 14;
const CHAR = 7.2; // 12px monospace
const MIN_W = 96;
const MAX_W = 280;
/** Beyond this many values the graph draws the first ones and says how many it left out (the 10,000-root demos). */
export const MAX_DRAWN = 240;

export interface Box {
  key: string; // 'f0' for frame 0, 'n12' for heap node 12
  x: number;
  y: number;
  w: number;
  h: number;
  col: number;
  node?: HeapNode;
  frame?: { name: string; line: number; vars: Entry[] };
  unreachable?: boolean;
}

export interface Edge {
  from: string;
  row: number;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  back: boolean;
}

export interface Layout {
  boxes: Box[];
  edges: Edge[];
  width: number;
  height: number;
  omitted: number;
  /** y where the band of values no variable reaches starts (undefined when there are none). */
  unreachableTop?: number;
}

export function valueText(v: Value): string {
  return 'node' in v ? '' : v.plain;
}

function rowText(e: Entry): string {
  return `${e.key}  ${valueText(e.value)}`;
}

function widthFor(title: string, rows: string[]): number {
  let chars = title.length + 8;
  for (const r of rows) chars = Math.max(chars, r.length + 3);
  return Math.min(MAX_W, Math.max(MIN_W, Math.ceil(chars * CHAR) + 2 * PAD));
}

export function nodeTitle(n: HeapNode): string {
  return n.label;
}

function nodeRows(n: HeapNode): string[] {
  if (n.kind === 'string') return [JSON.stringify(n.text ?? '')];
  return n.entries.map(rowText);
}

export function layout(step: Step): Layout {
  const byId = new Map<number, HeapNode>();
  for (const n of step.heap) byId.set(n.id, n);
  const col = new Map<number, number>();
  const order: number[] = [];
  const unreachable = new Set<number>();

  const bfs = (starts: Value[], startCol: number, mark: boolean) => {
    let frontier: number[] = [];
    for (const v of starts) {
      if ('node' in v && byId.has(v.node) && !col.has(v.node)) {
        col.set(v.node, startCol);
        order.push(v.node);
        if (mark) unreachable.add(v.node);
        frontier.push(v.node);
      }
    }
    let c = startCol;
    while (frontier.length) {
      const next: number[] = [];
      c++;
      for (const id of frontier) {
        for (const e of byId.get(id)!.entries) {
          const v = e.value;
          if ('node' in v && byId.has(v.node) && !col.has(v.node)) {
            col.set(v.node, c);
            order.push(v.node);
            if (mark) unreachable.add(v.node);
            next.push(v.node);
          }
        }
      }
      frontier = next;
    }
  };
  bfs(step.frames.flatMap((f) => f.vars.map((v) => v.value)), 1, false);
  for (const n of step.heap) if (!col.has(n.id)) bfs([{ node: n.id }], 1, true);

  let drawnIds = order;
  let omitted = 0;
  if (order.length > MAX_DRAWN) {
    drawnIds = order.slice(0, MAX_DRAWN);
    omitted = order.length - MAX_DRAWN;
  }
  const drawn = new Set(drawnIds);

  // Column widths.
  const colW: number[] = [];
  const frameBoxes: Box[] = step.frames.map((f, i) => {
    const w = widthFor(f.name, f.vars.map(rowText));
    colW[0] = Math.max(colW[0] ?? 0, w);
    return { key: `f${i}`, x: 0, y: 0, w, h: HEADER + Math.max(1, f.vars.length) * ROW + PAD, col: 0, frame: f };
  });
  const nodeBoxes: Box[] = drawnIds.map((id) => {
    const n = byId.get(id)!;
    const c = col.get(id)!;
    const w = widthFor(nodeTitle(n), nodeRows(n));
    colW[c] = Math.max(colW[c] ?? 0, w);
    const rows = n.kind === 'string' ? 1 : Math.max(1, n.entries.length);
    return { key: `n${id}`, x: 0, y: 0, w, h: HEADER + rows * ROW + PAD, col: c, node: n, unreachable: unreachable.has(id) };
  });
  const colX: number[] = [];
  let x = PAD;
  for (let c = 0; c < colW.length; c++) {
    colX[c] = x;
    x += (colW[c] ?? 0) + (colW[c] ? COL_GAP : 0);
  }
  const colY: number[] = [];
  const place = (b: Box) => {
    b.x = colX[b.col];
    b.w = colW[b.col];
    b.y = colY[b.col] ?? PAD + 14;
    colY[b.col] = b.y + b.h + BOX_GAP;
  };
  frameBoxes.forEach(place);
  const reachableBoxes = nodeBoxes.filter((b) => !b.unreachable);
  reachableBoxes.forEach(place);
  let unreachableTop: number | undefined;
  const lost = nodeBoxes.filter((b) => b.unreachable);
  if (lost.length) {
    unreachableTop = Math.max(PAD + 14, ...colY.filter((y) => y !== undefined)) + 18;
    // Room for the band's label and the "root" tags above the boxes.
    for (let c = 0; c < colW.length; c++) colY[c] = unreachableTop + 40;
    lost.forEach(place);
  }

  const boxes = [...frameBoxes, ...nodeBoxes];
  const byKey = new Map(boxes.map((b) => [b.key, b]));
  const edges: Edge[] = [];
  const addEdges = (from: Box, entries: Entry[]) => {
    entries.forEach((e, row) => {
      const v = e.value;
      if (!('node' in v) || !drawn.has(v.node)) return;
      const to = byKey.get(`n${v.node}`)!;
      const y1 = from.y + HEADER + row * ROW + ROW / 2;
      const back = to.col <= from.col;
      edges.push({
        from: from.key, row, to: to.key,
        x1: from.x + from.w - 10, y1,
        x2: back ? to.x + to.w / 2 : to.x, y2: back ? to.y + to.h : to.y + HEADER / 2,
        back,
      });
    });
  };
  for (const b of frameBoxes) addEdges(b, b.frame!.vars);
  for (const b of nodeBoxes) if (b.node!.kind !== 'string') addEdges(b, b.node!.entries);

  let width = 0;
  let height = 0;
  for (const b of boxes) {
    width = Math.max(width, b.x + b.w + PAD + 40);
    height = Math.max(height, b.y + b.h + PAD + 50); // back edges dip below the boxes
  }
  return { boxes, edges, width: Math.max(width, 200), height: Math.max(height, 80), omitted, unreachableTop };
}
