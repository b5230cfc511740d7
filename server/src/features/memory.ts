// Memory hovers: what an object of a class costs (`new X`), which reference cycles a class takes part in (its name),
// and what the gc_* / memory_* functions really do (FACTS.md 3 and 4: PHP 8.2 on x86-64).
import type { FeatureSet, FeatureContext, Hover } from './types';
import type { Node } from '../core/parse';
import { walk, calleeName, propName, varName } from '../core/walk';
import { classesIn, shortName, type ClassInfo } from '../core/model';
import { backLinks } from '../core/modelLinks';
import { splitUnits } from '../core/units';
import { cycleEvents, linkText } from '../rules/memory/cycles';
import { nameTable } from '../core/nameTable';

/** Zend MM small-size bins (FACTS.md 4); larger sizes round up to 4 KiB pages. */
const BINS = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896,
  1024, 1280, 1536, 1792, 2048, 2560, 3072];

export function bin(size: number): number {
  for (const b of BINS) if (size <= b) return b;
  return Math.ceil(size / 4096) * 4096;
}

export interface ObjectSize {
  declared: number;
  dynamic: string[];
  objectBytes: number;
  tableBytes: number;
  keyBytes: number;
  total: number;
  /** Parent classes not declared in this file: their properties are not counted. */
  unknownParent: string | null;
}

/** Bytes of one object per FACTS.md 4: bin(40 + 16 x declared properties), plus a dynamic-property table
 * (56 + 320 for up to 8, 56 + 640 for up to 16) and its key strings when properties are added at run time. */
export function objectSize(info: ClassInfo, classes: Map<string, ClassInfo>): ObjectSize {
  let declared = 0;
  const names = new Set<string>();
  let unknownParent: string | null = null;
  const seen = new Set<ClassInfo>();
  for (let c: ClassInfo | undefined = info; c && !seen.has(c); ) {
    seen.add(c);
    for (const p of c.props.values()) if (!p.isStatic && !names.has(p.name)) { names.add(p.name); declared++; }
    const parent = c.node.extends ? String(c.node.extends.name ?? c.node.extends) : null;
    if (!parent) break;
    const next = classes.get(shortName(parent));
    if (!next) { unknownParent = parent.replace(/^\\/, ''); break; }
    c = next;
  }
  const dynamic = dynamicProps(info, names);
  const objectBytes = bin(40 + 16 * declared);
  // Once a dynamic property exists, the table holds every property, declared ones included (measured: 3 declared +
  // 8 dynamic take the 16-slot table).
  const slots = declared + dynamic.length;
  const tableBytes = dynamic.length === 0 ? 0 : slots <= 8 ? 56 + 320 : slots <= 16 ? 56 + 640 : 56 + bin(40 * pow2(slots));
  // Names written in the source (`$this->name = ...`) are interned strings: the keys cost nothing more (measured:
  // two dynamic properties on an empty class add exactly 56 + 320 bytes). Only run-time names would add strings.
  const keyBytes = 0;
  return { declared, dynamic, objectBytes, tableBytes, keyBytes, total: objectBytes + tableBytes + keyBytes, unknownParent };
}

function pow2(n: number): number {
  let cap = 8;
  while (cap < n) cap *= 2;
  return cap;
}

/** `$this->x = ...` in the class's methods for an `x` that no class in the chain declares. */
function dynamicProps(info: ClassInfo, declared: Set<string>): string[] {
  if (/AllowDynamicProperties/.test(JSON.stringify(info.node.attrGroups ?? []))) return [];
  const out = new Set<string>();
  for (const m of info.methods.values()) {
    if (!m.body) continue;
    walk(m.body, (n) => {
      if (n.kind === 'assign' && n.left?.kind === 'propertylookup' && varName(n.left.what) === 'this') {
        const name = propName(n.left);
        if (name && !declared.has(name)) out.add(name);
      }
    });
  }
  return [...out];
}

/** The innermost node of `statements` whose range holds `offset`, with its ancestors (outermost first). */
export function nodePathAt(statements: Node[], offset: number): Node[] {
  const path: Node[] = [];
  let candidates = statements;
  for (;;) {
    const hit = candidates.find((n) => n.loc && n.loc.start.offset <= offset && offset <= n.loc.end.offset);
    if (!hit) return path;
    path.push(hit);
    const kids: Node[] = [];
    walk(hit, (c) => { if (c === hit) return true; kids.push(c); return false; });
    candidates = kids;
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function newHover(ctx: FeatureContext, path: Node[]): Hover | null {
  const node = [...path].reverse().find((n) => n.kind === 'new');
  if (!node || node.what?.kind !== 'name') return null;
  const start = node.loc!.start.offset;
  const end = node.what.loc!.end.offset;
  if (ctx.offset < start || ctx.offset > end) return null;
  const name = shortName(node.what.name);
  if (name === 'stdclass') {
    return {
      start, end,
      markdown: '**stdClass object: 40 bytes** (`memory_get_usage()`, PHP 8.2 x86-64)\n\nNo declared properties: the ' +
        'first property added creates a property table of 56 + 320 bytes (up to 8 properties; 56 + 640 up to 16), ' +
        'plus each key string (24 + length + 1, rounded to a bin).',
    };
  }
  const classes = classesIn(ctx.statements());
  const info = classes.get(name);
  if (!info) return null;
  const size = objectSize(info, classes);
  const lines = [
    `**${info.name} object: ${fmt(size.total)} bytes**${size.unknownParent ? ` plus what ${size.unknownParent} declares` : ''} (\`memory_get_usage()\`, PHP 8.2 x86-64)`,
    '',
    `- object: bin(40 + 16 x ${size.declared} declared propert${size.declared === 1 ? 'y' : 'ies'}) = ${fmt(size.objectBytes)} bytes`,
  ];
  if (size.dynamic.length) {
    lines.push(`- dynamic properties (${size.dynamic.map((d) => `\`$${d}\``).join(', ')}): property table ${fmt(size.tableBytes)} bytes (names from the source are interned: no key strings). Declaring them saves that and avoids PHP 8.2's deprecation notice.`);
  }
  lines.push('', 'Values the properties hold (strings, arrays, other objects) are allocated separately.');
  return { start, end, markdown: lines.join('\n') };
}

function classHover(ctx: FeatureContext, path: Node[]): Hover | null {
  const cls = path[path.length - 1]?.kind === 'identifier' ? path[path.length - 2] : null;
  if (!cls || cls.kind !== 'class' || cls.name !== path[path.length - 1]) return null;
  const { start, end } = { start: cls.name.loc!.start.offset, end: cls.name.loc!.end.offset };
  const classes = classesIn(ctx.statements());
  const info = classes.get(shortName(cls.name.name));
  if (!info) return null;
  const cycles: string[] = [];
  for (const [prop, nodes] of info.thisProps) cycles.push(`\`$this->${prop}\` holds the object itself (${nodes.length} place${nodes.length > 1 ? 's' : ''})`);
  for (const [prop, nodes] of info.closureProps) cycles.push(`\`$this->${prop}\` holds a closure that captures \`$this\` (${nodes.length} place${nodes.length > 1 ? 's' : ''})`);
  for (const link of backLinks(cls)) {
    cycles.push(`parent/child: \`${ctx.text.slice(link.back.loc!.start.offset, link.back.loc!.end.offset).replace(/;$/, '')}\` while the other side holds it`);
  }
  const lower = shortName(cls.name.name);
  for (const unit of splitUnits(ctx.statements())) {
    for (const e of cycleEvents({ text: ctx.text, unit })) {
      if (!e.members.some((m) => m.className === lower)) continue;
      cycles.push(`released while linked: ${e.links.map((l) => `\`${linkText(ctx.text, l)}\``).join(', ')}`);
    }
  }
  const size = objectSize(info, classes);
  const head = `**${info.name}**: ${fmt(size.total)} bytes per object${size.unknownParent ? ` plus ${size.unknownParent}'s properties` : ''}`;
  if (!cycles.length) return { start, end, markdown: `${head}\n\nTakes part in no reference cycle MemLens can see in this file.` };
  return {
    start, end,
    markdown: `${head}\n\nReference cycles it takes part in:\n\n${cycles.map((c) => `- ${c}`).join('\n')}\n\n` +
      'Objects in a cycle are freed only by the cycle collector (after 10,000 possible roots) or at script end' +
      `${info.destructor ? `; \`${info.name}::__destruct\` runs late too` : ''}.`,
  };
}

/** What the gc_* / memory_* functions do in PHP 8.2 (FACTS.md 3, 4). */
export const FUNCTION_FACTS = nameTable<string>({
  gc_collect_cycles: 'Runs the cycle collector now, synchronously: marks every buffered possible root grey (subtracting ' +
    'internal references), scans (anything still referenced from outside turns black again), and frees what stays ' +
    'white. Returns how many values it freed (objects, arrays, closures and runtime strings; not reference wrappers). ' +
    'Objects with a pending `__destruct` are taken out, their destructors run, and the collector runs again (one ' +
    'call then adds 2 to `runs`). Never changes the automatic threshold; works even while `gc_disable()` is on. ' +
    'With 0 roots it does nothing and is not counted as a run.',
  gc_enable: 'Turns the automatic cycle collector back on. It runs when a new possible root arrives and 10,000 are ' +
    'already buffered.',
  gc_disable: 'Turns the automatic cycle collector off: possible roots keep piling up past 10,000 and nothing is ' +
    'collected until `gc_enable()` or an explicit `gc_collect_cycles()` (which still works).',
  gc_enabled: 'Whether the automatic cycle collector is on (`zend.enable_gc`, `gc_enable()` / `gc_disable()`).',
  gc_status: 'PHP 8.2 returns exactly `runs`, `collected`, `threshold`, `roots`. The threshold starts at 10,001 and ' +
    'adapts: +10,000 after a run that freed fewer than 100 values, -10,000 (never below 10,001) otherwise. PHP 8.3 ' +
    'adds timings, `buffer_size`, `application_time` and more (12 fields).',
  gc_mem_caches: 'Returns cached free memory of the Zend memory manager to the system; it does not collect cycles.',
  memory_get_usage: 'Bytes allocated by the Zend memory manager for live values, rounded to its bins (8, 16, 24 ... ' +
    '3,072 bytes; larger sizes in 4 KiB pages). An object is bin(40 + 16 x declared properties); a packed array 56 + ' +
    'bin(16 x capacity + 8); a string bin(24 + length + 1). `memory_get_usage(true)` reports whole 2 MiB chunks ' +
    'reserved from the system instead. The first `echo` of a script allocates 32 bytes: measure deltas after output. ' +
    'PHP in WebAssembly (32-bit) gives different numbers.',
  memory_get_peak_usage: 'The highest `memory_get_usage()` value so far (with `true`: the highest chunk total). Since ' +
    'PHP 8.2, `memory_reset_peak_usage()` resets it, which lets a worker measure each message on its own.',
  memory_reset_peak_usage: 'PHP 8.2+: resets the peak reported by `memory_get_peak_usage()` to the current usage.',
});

function functionHover(ctx: FeatureContext, path: Node[]): Hover | null {
  const call = [...path].reverse().find((n) => n.kind === 'call');
  if (!call || call.what?.kind !== 'name') return null;
  const name = calleeName(call);
  if (!name || !FUNCTION_FACTS[name]) return null;
  const start = call.what.loc!.start.offset;
  const end = call.what.loc!.end.offset;
  if (ctx.offset < start || ctx.offset > end) return null;
  return { start, end, markdown: `**${name}()** (PHP 8.2)\n\n${FUNCTION_FACTS[name]}` };
}

export function memoryHover(ctx: FeatureContext): Hover | null {
  if (ctx.language !== 'php') return null;
  const path = nodePathAt(ctx.statements(), ctx.offset);
  if (!path.length) return null;
  return functionHover(ctx, path) ?? newHover(ctx, path) ?? classHover(ctx, path);
}

export const memoryFeatures: FeatureSet = { hovers: [memoryHover] };
