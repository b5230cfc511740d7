// Recorded traces for the panel tests, in the panel's model (client/webview/model.ts). The two-node cycle is written by
// hand step by step from FACTS.md (object sizes bin(40 + 16 x 1) = 56, roots buffered when a refcount drops above 0,
// `collected` = 2 for the cycle); the hostile and the 10,000-step traces are generated.
import type { HeapNode, Step, Trace, Value } from '../../client/webview/model';

export const CYCLE_SOURCE = `<?php
class Node { public $next; }
$a = new Node();
$b = new Node();
$a->next = $b;
$b->next = $a;
unset($a);
unset($b);
var_dump(gc_collect_cycles());
`;

const NULL: Value = { plain: 'null', type: 'null' };
const BASE = 393216;

function node(id: number, rc: number, next: Value, extra: Partial<HeapNode> = {}): HeapNode {
  return { id, kind: 'object', label: `Node #${id}`, rc, size: 56, color: 'black', buffered: false, entries: [{ key: 'next', value: next }], ...extra };
}
const main = (vars: Record<string, Value>, line: number) => [{ name: '{main}', line, vars: Object.entries(vars).map(([key, value]) => ({ key, value })) }];
const status = (runs: number, collected: number, roots: number) => ({ runs, collected, threshold: 10001, roots });

export function cycleTrace(): Trace {
  const a = { node: 1 };
  const b = { node: 2 };
  const steps: Step[] = [
    { line: 3, what: '$a = new Node()', frames: main({ a }, 3), heap: [node(1, 1, NULL)], roots: [], memory: BASE + 56, gc: status(0, 0, 0) },
    { line: 4, what: '$b = new Node()', frames: main({ a, b }, 4), heap: [node(1, 1, NULL), node(2, 1, NULL)], roots: [], memory: BASE + 112, gc: status(0, 0, 0) },
    { line: 5, what: '$a->next = $b: refcount of Node #2 rises to 2', frames: main({ a, b }, 5), heap: [node(1, 1, b), node(2, 2, NULL)], roots: [], memory: BASE + 112, gc: status(0, 0, 0) },
    { line: 6, what: '$b->next = $a: refcount of Node #1 rises to 2 (a cycle)', frames: main({ a, b }, 6), heap: [node(1, 2, b), node(2, 2, a)], roots: [], memory: BASE + 112, gc: status(0, 0, 0) },
    { line: 7, what: 'unset($a): refcount of Node #1 drops to 1, it becomes a possible root', frames: main({ b }, 7), heap: [node(1, 1, b, { buffered: true, color: 'purple' }), node(2, 2, a)], roots: [1], memory: BASE + 112, gc: status(0, 0, 1) },
    { line: 8, what: 'unset($b): refcount of Node #2 drops to 1, it becomes a possible root', frames: main({}, 8), heap: [node(1, 1, b, { buffered: true, color: 'purple' }), node(2, 1, a, { buffered: true, color: 'purple' })], roots: [1, 2], memory: BASE + 112, gc: status(0, 0, 2) },
    { line: 9, what: 'gc_collect_cycles() starts run 1', frames: main({}, 9), heap: [node(1, 1, b, { buffered: true, color: 'purple' }), node(2, 1, a, { buffered: true, color: 'purple' })], roots: [1, 2], memory: BASE + 112, gc: status(1, 0, 2), gcPhase: { run: 1, phase: 'start', reason: 'gc_collect_cycles' } },
    { line: 9, what: 'mark: grey from each root, internal references subtracted', frames: main({}, 9), heap: [node(1, 0, b, { buffered: true, color: 'grey' }), node(2, 0, a, { buffered: true, color: 'grey' })], roots: [1, 2], memory: BASE + 112, gc: status(1, 0, 2), gcPhase: { run: 1, phase: 'mark', reason: 'gc_collect_cycles' } },
    { line: 9, what: 'scan: nothing outside holds them, both white', frames: main({}, 9), heap: [node(1, 0, b, { buffered: true, color: 'white' }), node(2, 0, a, { buffered: true, color: 'white' })], roots: [1, 2], memory: BASE + 112, gc: status(1, 0, 2), gcPhase: { run: 1, phase: 'scan', reason: 'gc_collect_cycles' } },
    { line: 9, what: 'collect: the white values are freed', frames: main({}, 9), heap: [node(1, 1, b, { buffered: true, color: 'white' }), node(2, 1, a, { buffered: true, color: 'white' })], roots: [1, 2], memory: BASE + 112, gc: status(1, 2, 0), gcPhase: { run: 1, phase: 'collect', reason: 'gc_collect_cycles', freed: [1, 2], collected: 2 } },
    { line: 9, what: 'run 1 ends: collected 2', frames: main({}, 9), heap: [], roots: [], memory: BASE, gc: status(1, 2, 0), gcPhase: { run: 1, phase: 'end', collected: 2 } },
    { line: 9, what: 'var_dump(2)', frames: main({}, 9), heap: [], roots: [], memory: BASE + 32, gc: status(1, 2, 0), output: 'int(2)\n' },
  ];
  return { source: CYCLE_SOURCE, firstLine: 1, title: 'cycle.php', notes: [], stdout: 'int(2)\n', opcache: false, steps };
}

/** Every place the panel shows text from PHP code carries markup, script and URL attempts. */
export const HOSTILE = [
  '</script><script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<a href="javascript:window.__pwned = \'link\'">click</a>',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
  '" onmouseover="window.__pwned = \'attr\'" x="',
];

export function hostileTrace(): Trace {
  const text = HOSTILE.join(' ');
  const source = `<?php\n// ${HOSTILE[0]}\n$s = str_repeat('${HOSTILE[1]}', 1);\n$o = new class { public $x = '${HOSTILE[2]}'; };\necho "${HOSTILE[3]}";\n`;
  const heap: HeapNode[] = [
    { id: 1, kind: 'string', label: `string(${text.length})`, rc: 1, size: 256, color: 'black', buffered: false, entries: [], text },
    { id: 2, kind: 'object', label: `class@anonymous${HOSTILE[4]} #1`, rc: 1, size: 56, color: 'black', buffered: false, entries: [
      { key: HOSTILE[5], value: { plain: `'${HOSTILE[2]}' interned`, type: 'string' } },
      { key: 'javascript:alert(1)', value: { node: 1 } },
    ] },
  ];
  const frames = [{ name: `{main}${HOSTILE[1]}`, line: 3, vars: [{ key: `s${HOSTILE[0]}`, value: { node: 1 } as Value }, { key: 'o', value: { node: 2 } as Value }] }];
  const steps: Step[] = [1, 2, 3, 4, 5].map((line) => ({
    line, what: `${HOSTILE[line % HOSTILE.length]}`, frames, heap, roots: [2], memory: BASE + line * 100, gc: status(0, 0, 1), output: HOSTILE[line - 1],
  }));
  return { source, firstLine: 1, title: HOSTILE[1], notes: [`$x is a placeholder: ${HOSTILE[2]}`], stdout: HOSTILE.join(''), stopped: HOSTILE[3], opcache: false, steps };
}

/** A long loop that builds cycles and lets the threshold collector run now and then: `n` steps, up to `live` values. */
export function longTrace(n: number, liveMax = 12): Trace {
  const steps: Step[] = [];
  let runs = 0;
  let collected = 0;
  let memory = BASE;
  const live: HeapNode[] = [];
  let nextId = 1;
  for (let i = 0; i < n; i++) {
    let gcPhase: Step['gcPhase'];
    if (i % 500 === 499) {
      runs++;
      const freed = live.filter((x) => x.buffered).map((x) => x.id);
      collected += freed.length;
      gcPhase = { run: runs, phase: 'collect', reason: 'threshold', freed, collected: freed.length };
    } else if (live.length < liveMax) {
      const id = nextId++;
      const prevNode = live[live.length - 1];
      live.push({ id, kind: i % 3 ? 'object' : 'array', label: i % 3 ? `Item #${id}` : 'array(2)', rc: 1, size: 56, color: 'black', buffered: i % 2 === 0, entries: [
        { key: 'prev', value: prevNode ? { node: prevNode.id } : NULL },
        { key: 'n', value: { plain: `int(${i})`, type: 'int' } },
      ] });
      memory += 56;
    } else {
      const victim = live.shift()!;
      memory -= victim.size;
      if (live[0]) live[0].entries[0] = { key: 'prev', value: NULL };
    }
    const heap = live.map((x) => ({ ...x, entries: x.entries.slice() }));
    const vars = heap.slice(-6).map((x, k) => ({ key: `v${k}`, value: { node: x.id } as Value }));
    steps.push({
      line: 3 + (i % 6), what: `iteration ${i}`, frames: [{ name: '{main}', line: 3 + (i % 6), vars }], heap,
      roots: heap.filter((x) => x.buffered).map((x) => x.id), memory, gc: status(runs, collected, heap.filter((x) => x.buffered).length), gcPhase,
    });
    if (gcPhase) {
      for (let k = live.length - 1; k >= 0; k--) if (live[k].buffered) live.splice(k, 1);
      for (const x of live) for (const e of x.entries) if ('node' in e.value && !live.some((y) => y.id === (e.value as { node: number }).node)) e.value = NULL;
    }
  }
  const source = `<?php\nclass Item { public $prev; public $n; }\nfor ($i = 0; $i < ${n}; $i++) {\n    $x = new Item();\n    $x->prev = $last ?? null;\n    $x->n = $i;\n    $last = $x;\n}\n`;
  return { source, firstLine: 1, title: `long.php (${n} steps)`, notes: [], stdout: '', opcache: false, steps };
}
