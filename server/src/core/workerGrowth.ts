// Growth confirmed by running the loop: the body of a long-running loop is run N times in a small PHP program with
// placeholder inputs, and memory_get_usage() before and after says what each iteration keeps. The same program runs
// in MemLens's simulator (in the editor) and in real PHP (in the tests), so the figure in a finding can be checked.
import type { Node } from './parse';
import { walk, span, varName, FUNCTION_LIKE } from './walk';
// Calls that take the next unit of work return a placeholder message in the program.
import { TAKES_WORK, workerContexts, contextAt, type WorkerContext } from './workerContext';
import { invokedName } from './loops';
import { growthWrites, type GrowthWrite } from './modelGrowth';
import { parsePhp } from './parse';
import { topLevelStatements, isDeclaration } from './units';
import { simulate } from '../sim/simulate';
import type { Settings } from '../config';
import type { Unit } from '../rules/types';


export const DEFAULT_ITERATIONS = 1000;
/** Iterations run before measuring: the first ones allocate what every later one reuses (array slots, strings). */
export const WARMUP = 10;
const MARK = '@memlens-growth';

export interface GrowthProgram {
  status: 'ready';
  code: string;
  iterations: number;
  warmup: number;
  /** Where each container write of the body starts, relative to the loop statement; the program counts how often
   * each one runs (`hits` in the result), in this order. */
  writes: number[];
}
export interface NotSimulated { status: 'unsupported'; reason: string; }

export interface GrowthResult {
  status: 'measured' | 'unsupported' | 'failed';
  /** Iterations measured (after the warm-up). */
  iterations: number;
  /** Bytes retained per iteration (memory_get_usage() delta / iterations), rounded to whole bytes. */
  bytesPerIteration: number;
  /** The exact total delta over the measured iterations. */
  totalBytes: number;
  /** Bytes per iteration still held after `gc_collect_cycles()`: what the cycle collector cannot take back. */
  bytesAfterCollection: number;
  /** Objects retained per iteration, when the runner can count live objects. */
  objectsPerIteration: number | null;
  /** memory_get_usage() every tenth of the run, relative to the first sample: the Simulate GC panel's curve. */
  curve: number[];
  /** How many times each container write of the body ran (all iterations, warm-up included). A write the
   * placeholder inputs never reach (`if ($data['type'] === 'order')`) was not tested by the run. */
  writeHits: Array<{ at: number; hits: number }>;
  reason?: string;
}

/** What runs the program: the simulator, or real PHP in tests. */
export type PhpRunner = (code: string) => { stdout: string; ok: boolean; reason?: string };

function textOf(node: Node, text: string): string {
  const s = span(node);
  return text.slice(s.start, s.end);
}

/** Builds the measuring program for a loop, or says why it cannot. `declarations` are the file's top-level
 * functions and classes (the body may call them). */
export function growthProgram(ctx: WorkerContext, text: string, declarations: Node[] = [], iterations = DEFAULT_ITERATIONS, around: Node[] = []): GrowthProgram | NotSimulated {
  if (ctx.kind !== 'loop') return { status: 'unsupported', reason: 'the framework calls this code; only loops are simulated' };
  const body = ctx.node.body;
  if (!body?.loc) return { status: 'unsupported', reason: 'the loop has no body' };
  let problem: string | null = null;
  const edits: Array<{ start: number; end: number; newText: string }> = [];
  const firstUse = new Map<string, 'write' | 'read' | 'grow' | 'concat' | 'count'>();
  walk(body, (n, parent) => {
    if (problem) return false;
    if (n.kind === 'class') { problem = 'it declares a class'; return false; }
    if (n.kind === 'return' || n.kind === 'yield' || n.kind === 'yieldfrom') { problem = `it uses \`${n.kind}\``; return false; }
    if (n.kind === 'staticlookup' && ['selfreference', 'staticreference', 'parentreference'].includes(n.what?.kind)) { problem = 'it uses self::/static::'; return false; }
    if (n.kind === 'call' && TAKES_WORK.has(invokedName(n) ?? '')) {
      edits.push({ ...span(n), newText: 'new MemLensPlaceholder()' });
      return false;
    }
    const name = varName(n);
    if (name === 'this') { problem = 'it uses $this'; return false; }
    if (name && !firstUse.has(name)) firstUse.set(name, useOf(n, parent));
    if (FUNCTION_LIKE.has(n.kind)) {
      // A closure's own parameters and locals are not the loop's; its `use` list is read like any variable.
      for (const u of n.uses ?? []) { const v = varName(u); if (v && !firstUse.has(v)) firstUse.set(v, 'read'); }
      return false;
    }
  });
  if (problem) return { status: 'unsupported', reason: problem };
  // Each statement that grows a container counts its runs in a preallocated int array (in place, so memory does
  // not move): `{ ++$memlensHit[0]; $seen[] = $m; }` is a statement wherever the original one was.
  const writes: number[] = [];
  const statements = new Map<Node, Node>();
  walk(body, (n) => {
    if (FUNCTION_LIKE.has(n.kind) || n.kind === 'class') return false;
    if (n.kind === 'expressionstatement' && n.expression) statements.set(n.expression, n);
  });
  for (const w of growthWrites(body)) {
    const st = statements.get(w.node);
    if (!st?.loc || !w.node.loc) continue;
    edits.push({ start: st.loc.start.offset, end: st.loc.start.offset, newText: `{ ++$memlensHit[${writes.length}]; ` });
    edits.push({ start: st.loc.end.offset, end: st.loc.end.offset, newText: ' }' });
    writes.push(w.node.loc.start.offset - ctx.node.loc!.start.offset);
  }
  // `while ($request = $worker->waitRequest())`: the condition takes the work, so each iteration starts with it.
  let prefix = '';
  const test = Array.isArray(ctx.node.test) ? null : ctx.node.test;
  if (test?.kind === 'assign' && test.right?.kind === 'call' && TAKES_WORK.has(invokedName(test.right) ?? '') && varName(test.left)) {
    prefix = `$${varName(test.left)} = new MemLensPlaceholder();\n`;
    firstUse.set(varName(test.left)!, 'write');
  }
  const inits: string[] = [];
  const before = initialValues(ctx.node, around, text);
  for (const [name, use] of firstUse) {
    if (name.startsWith('memlens')) return { status: 'unsupported', reason: `it uses $${name}` };
    if (use === 'write' || name === 'GLOBALS') continue;
    const initial = before.get(name) ?? (use === 'grow' ? '[]' : use === 'concat' ? "''" : use === 'count' ? '0' : 'new MemLensPlaceholder()');
    inits.push(`$${name} = ${initial};`);
  }
  const inner = { start: body.kind === 'block' ? body.loc.start.offset + 1 : body.loc.start.offset, end: body.kind === 'block' ? body.loc.end.offset - 1 : body.loc.end.offset };
  let bodyText = text.slice(inner.start, inner.end);
  // From the end backwards, so earlier offsets stay valid. At one offset a replacement goes first (an insertion
  // there then lands before it), and insertions go in reverse (so they read in the order they were made).
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || (b.end - b.start) - (a.end - a.start) || b.i - a.i);
  for (const e of ordered) {
    bodyText = bodyText.slice(0, e.start - inner.start) + e.newText + bodyText.slice(e.end - inner.start);
  }
  const decls = usedDeclarations(body, declarations).map((d) => untypedText(d, text)).join('\n');
  // php-rdkafka's error codes (librdkafka's rdkafka.h), so `switch ($message->err)` runs its no-error branch.
  const kafka = /\bRD_KAFKA_RESP_ERR_/.test(bodyText)
    ? 'const RD_KAFKA_RESP_ERR_NO_ERROR = 0;\nconst RD_KAFKA_RESP_ERR__PARTITION_EOF = -191;\nconst RD_KAFKA_RESP_ERR__TIMED_OUT = -185;\n' : '';
  const sample = Math.max(1, Math.floor(iterations / 10));
  const code = `<?php
${decls}
${kafka}final class MemLensPlaceholder
{
    public $payload = 'payload';
    public $err = 0;
    public $key = 'key';
    public $partition = 0;
    public $offset = 0;
    // Services the body talks to (\`$db->insertMany($rows)\`, \`$logger->info()\`) are not part of the loop's own
    // memory: they answer null. A write a null answer never reaches shows up in the hit counts.
    public function __call($name, $arguments)
    {
        return null;
    }
}
${inits.join('\n')}
${writes.length ? `$memlensHit = [${writes.map(() => '0').join(', ')}];\n` : ''}echo "${MARK} start\\n";
$memlensStart = memory_get_usage();
for ($memlensI = 0; $memlensI < ${iterations}; $memlensI++) {
if ($memlensI === ${WARMUP}) { $memlensStart = memory_get_usage(); }
if ($memlensI % ${sample} === 0) { echo "\\n${MARK} sample ", memory_get_usage(), "\\n"; }
${prefix}${bodyText}
}
echo "\\n${MARK} end ", $memlensI, ' ', memory_get_usage() - $memlensStart, "\\n";
gc_collect_cycles();
echo "\\n${MARK} collected ", memory_get_usage() - $memlensStart, "\\n";
${writes.length ? `echo "\\n${MARK} hits ", implode(' ', $memlensHit), "\\n";\n` : ''}`;
  return { status: 'ready', code, iterations, warmup: WARMUP, writes };
}

/** A declaration's text with its type declarations neutralised: the loop's services are placeholder objects, which
 * would fail `AuditClient $audit` or `string $payload` (a TypeError in PHP, and in the simulator) where the real
 * program passes the right thing. Parameter and property types become `mixed` (a readonly property must keep a
 * type); return types go (`: mixed` would demand a value from `return;`). */
function untypedText(decl: Node, text: string): string {
  const base = decl.loc!.start.offset;
  const edits: Array<{ start: number; end: number; newText: string }> = [];
  walk(decl, (n) => {
    const type = n.type;
    if (!type || typeof type !== 'object' || !type.loc) return;
    let start = type.loc.start.offset;
    const back = (char: string) => {
      let i = start - 1;
      while (i > base && /\s/.test(text[i])) i--;
      if (text[i] === char) start = i;
    };
    if (n.nullable) back('?');
    if (n.kind === 'parameter' || n.kind === 'property') {
      edits.push({ start, end: type.loc.end.offset, newText: 'mixed' });
    } else if (FUNCTION_LIKE.has(n.kind)) {
      back(':');
      edits.push({ start, end: type.loc.end.offset, newText: '' });
    }
  });
  let out = textOf(decl, text);
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - base) + e.newText + out.slice(e.end - base);
  return out;
}

/** The file's functions and classes the body needs, following what they use in turn: a declaration the simulator
 * does not support then only matters when the loop really calls it. */
function usedDeclarations(body: Node, declarations: Node[]): Node[] {
  const byName = new Map<string, Node>();
  for (const d of declarations) if (d.name) byName.set(String(d.name.name ?? d.name).toLowerCase(), d);
  const out = new Set<Node>();
  const queue: Node[] = [body];
  while (queue.length) {
    walk(queue.pop()!, (n) => {
      const ref = n.kind === 'call' && n.what?.kind === 'name' ? n.what.name
        : (n.kind === 'new' || n.kind === 'staticlookup') && n.what?.kind === 'name' ? n.what.name
          : n.kind === 'class' ? n.extends?.name : null;
      const d = ref ? byName.get(String(ref).replace(/^.*\\/, '').toLowerCase()) : undefined;
      if (d && !out.has(d)) { out.add(d); queue.push(d); }
    });
  }
  return declarations.filter((d) => out.has(d));
}

/** Values the code gives outer variables before the loop (`$seen = [];`, `$n = 0;`), when they are plain data. */
function initialValues(loop: Node, around: Node[], text: string): Map<string, string> {
  const out = new Map<string, string>();
  const loopStart = loop.loc!.start.offset;
  const contains = (n: Node) => (n.loc?.start.offset ?? 0) <= loopStart && loopStart < (n.loc?.end.offset ?? 0);
  for (const root of around) {
    walk(root, (n) => {
      if ((n.loc?.start.offset ?? 0) >= loopStart) return false;
      if (FUNCTION_LIKE.has(n.kind) && !contains(n)) return false;
      if (n.kind === 'assign' && n.operator === '=' && varName(n.left) && isPlainData(n.right)) out.set(varName(n.left)!, textOf(n.right, text));
    });
  }
  return out;
}

function isPlainData(n: Node | null | undefined): boolean {
  if (!n) return false;
  if (['number', 'string', 'boolean', 'nullkeyword'].includes(n.kind)) return true;
  if (n.kind === 'constref' || n.kind === 'name') return /^(null|true|false)$/i.test(String(n.name?.name ?? n.name));
  if (n.kind === 'unary') return isPlainData(n.what);
  if (n.kind === 'array') return (n.items ?? []).every((i: Node) => i && (i.kind === 'entry' ? isPlainData(i.value) && (!i.key || isPlainData(i.key)) : isPlainData(i)));
  if (n.kind === 'new') return n.what?.kind === 'name' && (n.arguments ?? []).every(isPlainData);
  return false;
}

/** How the loop body first touches an outer variable: written whole, grown, appended to as a string, counted, read. */
function useOf(n: Node, parent: Node | null): 'write' | 'read' | 'grow' | 'concat' | 'count' {
  if (!parent) return 'read';
  if (parent.kind === 'assign' && parent.left === n) {
    if (parent.operator === '=') return 'write';
    if (parent.operator === '.=') return 'concat';
    return parent.operator === '??=' ? 'write' : 'count';
  }
  if ((parent.kind === 'post' || parent.kind === 'pre') && parent.what === n) return 'count';
  if (parent.kind === 'offsetlookup' && parent.what === n) return 'grow';
  if (parent.kind === 'foreach' && (parent.value === n || parent.key === n)) return 'write';
  if (parent.kind === 'list' || parent.kind === 'entry') return 'write';
  return 'read';
}

/** Runs a program and reads its figures. */
export function measureGrowth(program: GrowthProgram | NotSimulated, run: PhpRunner): GrowthResult {
  const empty = { iterations: 0, bytesPerIteration: 0, totalBytes: 0, bytesAfterCollection: 0, objectsPerIteration: null, curve: [] as number[], writeHits: [] as Array<{ at: number; hits: number }> };
  if (program.status !== 'ready') return { status: 'unsupported', ...empty, reason: program.reason };
  const result = run(program.code);
  if (!result.ok) return { status: 'unsupported', ...empty, reason: result.reason ?? 'the simulator stopped' };
  const end = new RegExp(`${MARK} end (\\d+) (-?\\d+)`).exec(result.stdout);
  if (!end) return { status: 'failed', ...empty, reason: 'the loop body ended the program' };
  const ran = Number(end[1]);
  const measured = ran - program.warmup;
  if (measured < 1) return { status: 'failed', ...empty, reason: `the loop stopped after ${ran} iteration${ran === 1 ? '' : 's'}` };
  const total = Number(end[2]);
  const collected = new RegExp(`${MARK} collected (-?\\d+)`).exec(result.stdout);
  const samples = [...result.stdout.matchAll(new RegExp(`${MARK} sample (\\d+)`, 'g'))].map((m) => Number(m[1]));
  const curve = samples.map((x) => x - samples[0]);
  return {
    status: 'measured', iterations: measured, totalBytes: total, bytesPerIteration: Math.round(total / measured),
    bytesAfterCollection: collected ? Math.max(0, Math.round(Number(collected[1]) / measured)) : Math.round(total / measured),
    objectsPerIteration: null, curve, writeHits: hitsOf(program, result.stdout),
  };
}

function hitsOf(program: GrowthProgram, stdout: string): Array<{ at: number; hits: number }> {
  const line = new RegExp(`${MARK} hits ([\\d ]+)`).exec(stdout);
  const counts = line ? line[1].trim().split(' ').map(Number) : [];
  return counts.length === program.writes.length ? program.writes.map((at, i) => ({ at, hits: counts[i] })) : [];
}

/** "retains 96 bytes and 1 object per message, simulated over 1,000 iterations". */
export function formatGrowth(g: GrowthResult, unitOfWork: string): string {
  if (g.status !== 'measured') return `not simulated: ${g.reason}`;
  const n = g.iterations.toLocaleString('en-US');
  if (g.bytesPerIteration <= 0) return `retains nothing per ${unitOfWork}, simulated over ${n} iterations`;
  const objects = g.objectsPerIteration ? ` and ${g.objectsPerIteration} object${g.objectsPerIteration === 1 ? '' : 's'}` : '';
  const collected = g.bytesAfterCollection === g.bytesPerIteration ? ''
    : g.bytesAfterCollection > 0 ? ` (${g.bytesAfterCollection.toLocaleString('en-US')} after gc_collect_cycles())`
      : ' (all of it garbage cycles that gc_collect_cycles() frees)';
  return `retains ${g.bytesPerIteration.toLocaleString('en-US')} bytes${objects} per ${unitOfWork}${collected}, simulated over ${n} iterations`;
}

/** Runs a program on MemLens's simulator (opcache off, like the CLI). */
export const simulatorRunner: PhpRunner = (code) => {
  const r = simulate(code, { trace: false, maxSteps: 100_000 });
  if (r.unsupported) return { stdout: r.stdout, ok: false, reason: r.unsupported.message };
  // The step budget keeps a keystroke's analysis short; a body this busy is judged without a simulation.
  if (r.guard) return { stdout: r.stdout, ok: false, reason: 'one iteration does too much work to simulate 1,000 of them while you type' };
  if (r.exitCode !== 0) return { stdout: r.stdout, ok: false, reason: r.stderr.trim().split('\n')[0] || 'the simulator stopped' };
  // The placeholder inputs stand in for real messages; a body that needs more of them ends in an error.
  const fatal = /Fatal error:\s+(?:Uncaught \w+: )?(.*?)(?: in \S+(?: on line |:)\d+)/.exec(r.stderr);
  if (fatal) return { stdout: r.stdout, ok: false, reason: `with placeholder inputs the body fails (${fatal[1]})` };
  return { stdout: r.stdout, ok: true };
};

/** Objects kept per typical iteration, counted in the simulator's trace over a short run (the trace records every statement,
 * so it is not used for the long one). Null when the trace cannot tell (heap snapshot capped). */
export function simulatedObjectsPerIteration(ctx: WorkerContext, text: string, declarations: Node[], around: Node[]): number | null {
  const iterations = WARMUP + 20;
  const program = growthProgram(ctx, text, declarations, iterations, around);
  if (program.status !== 'ready') return null;
  const r = simulate(program.code, { trace: true, maxSteps: 20_000 });
  if (r.exitCode !== 0 || r.trace.truncated) return null;
  const checkLine = program.code.split('\n').findIndex((l) => l.startsWith('if ($memlensI === ')) + 1;
  const at = r.trace.steps.filter((st) => st.line === checkLine).map((st) => st.heap.filter((n) => n.kind === 'object').length);
  if (at.length < iterations) return null;
  // The typical iteration (median of the per-iteration changes): one odd snapshot does not skew the figure.
  const steps = at.slice(WARMUP + 1).map((n, i) => n - at[WARMUP + i]).sort((a, b) => a - b);
  return steps[steps.length >> 1];
}

const cache = new Map<string, GrowthResult>();

/** 'run': simulate on demand (the CLI, tests). 'cached' (the LSP server): rules only read results the code lens and
 * hover already computed, so a keystroke inside a loop body never waits for a simulation (each takes tens to
 * hundreds of milliseconds). */
let mode: 'run' | 'cached' = 'run';
export function setGrowthMode(m: 'run' | 'cached'): void { mode = m; }

const listeners: Array<() => void> = [];

/** Called after the lens or hover stored a new measurement in 'cached' mode: the growth rules' answer for that loop
 * may change, so the server re-analyses the open PHP documents. */
export function onGrowthMeasured(listener: () => void): void {
  listeners.push(listener);
}

/** Growth per iteration of a loop as the simulator measures it (cached by the generated program). `force` runs the
 * simulation even in 'cached' mode (the lens and hover do). */
export function loopGrowth(ctx: WorkerContext, text: string, declarations: Node[] = [], around: Node[] = [], run: PhpRunner = simulatorRunner, force = false): GrowthResult | null {
  if (ctx.kind !== 'loop') return null;
  // Keyed by the program without the file's declarations: the rule (which sees one unit) and the lens (which sees the
  // file) share one entry, and the lens's run with the declarations replaces a failed run without them.
  const bare = growthProgram(ctx, text, [], DEFAULT_ITERATIONS + WARMUP, around);
  const bareKey = bare.status === 'ready' ? bare.code : `unsupported:${bare.reason}`;
  let result = cache.get(bareKey);
  if (result && (result.status === 'measured' || !declarations.length)) return result;
  const program = declarations.length ? growthProgram(ctx, text, declarations, DEFAULT_ITERATIONS + WARMUP, around) : bare;
  const key = program.status === 'ready' ? program.code : `unsupported:${program.reason}`;
  const tried = cache.get(key);
  if (tried) return tried;
  if (mode === 'cached' && !force) return result ?? null;
  {
    result = measureGrowth(program, run);
    if (result.status === 'measured' && result.totalBytes > 0 && run === simulatorRunner) {
      result = { ...result, objectsPerIteration: simulatedObjectsPerIteration(ctx, text, declarations, around) };
    }
    if (cache.size > 200) cache.clear();
    cache.set(key, result);
    generation++;
    if (mode === 'cached') for (const listener of listeners) listener();
    if (result.status === 'measured' || !cache.has(bareKey)) cache.set(bareKey, result);
  }
  return result;
}

/** A rule's view of one write that grows a container, once the simulator has (or has not) run its loop:
 * - 'static': no measurement applies (not inside a simulated loop, unsupported body, nothing cached yet in
 *   'cached' mode, the placeholders never reached the write, or a keyed write whose keys all collapse to the one
 *   placeholder value): the rule keeps its static verdict and says nothing about simulation;
 * - 'bounded': the write ran and the loop retained nothing per iteration: the growth rules stay silent;
 * - 'grows': the loop retained memory per iteration; `summary` is formatGrowth's sentence. */
export type GrowthVerdict =
  | { kind: 'static' }
  | { kind: 'bounded'; growth: GrowthResult; context: WorkerContext }
  | { kind: 'grows'; growth: GrowthResult; context: WorkerContext; summary: string };

const STATIC: GrowthVerdict = { kind: 'static' };

/** The simulated verdict on a growing write in a rule's unit. Only the loops the worker lens shows (worker
 * contexts) are consulted, and with the file's declarations, as the lens does: so once the lens or hover has
 * simulated a loop, the editor ('cached') reads the very result the CLI ('run') computes. */
export function growthVerdict(unit: Unit, text: string, settings: Settings, write: GrowthWrite): GrowthVerdict {
  const start = write.node.loc?.start.offset;
  if (start === undefined) return STATIC;
  const context = contextAt(workerContexts(unit, text, settings), start);
  if (!context || context.kind !== 'loop') return STATIC;
  const growth = growthOf(context, text, unit);
  if (!growth || growth.status !== 'measured') return STATIC;
  const hit = growth.writeHits.find((h) => h.at === start - context.node.loc!.start.offset);
  if (hit?.hits === 0) return STATIC;
  if (growth.bytesPerIteration > 0 && growth.bytesAfterCollection > 0) {
    return { kind: 'grows', growth, context, summary: formatGrowth(growth, context.unitOfWork) };
  }
  // Silence needs proof that the write ran (a write not counted, e.g. inside a call's arguments, gives none), and
  // `$seen[$message->key] = true` stores one entry when every placeholder message has the same key: no growth in
  // the run says nothing about real keys.
  if (!hit || write.how === 'keyed') return STATIC;
  return { kind: 'bounded', growth, context };
}

/** Bumped whenever a measurement is stored: a loop's answer can only change then. */
let generation = 0;
const lastAnswer = new WeakMap<WorkerContext, { text: string; mode: 'run' | 'cached'; generation: number; growth: GrowthResult | null }>();

/** loopGrowth for a rule, once per loop and analysis: building the program walks the unit, and a loop with many
 * growing writes asks for each of them. */
function growthOf(context: WorkerContext, text: string, unit: Unit): GrowthResult | null {
  const last = lastAnswer.get(context);
  if (last && last.text === text && last.mode === mode && last.generation === generation) return last.growth;
  const growth = loopGrowth(context, text, mode === 'run' ? fileDeclarations(text) : [], unit.nodes);
  lastAnswer.set(context, { text, mode, generation, growth });
  return growth;
}

/** The sentence a growth finding adds for a measured loop (leading space), or nothing. */
export function simulationNote(verdict: GrowthVerdict, text: string): string {
  if (verdict.kind !== 'grows') return '';
  const head = text.slice(verdict.context.head.start, verdict.context.head.end).replace(/\s+/g, ' ');
  return ` With placeholder ${verdict.context.unitOfWork}s, \`${head}\` ${verdict.summary}.`;
}

let parsedFile: { text: string; declarations: Node[] } | null = null;

/** The file's top-level functions and classes (a rule sees one unit; the loop body may call the others). Parsed
 * once per text, and only in 'run' mode, where a simulation is about to run anyway. */
function fileDeclarations(text: string): Node[] {
  if (parsedFile?.text !== text) {
    let declarations: Node[] = [];
    try {
      declarations = topLevelStatements(parsePhp(text).program).filter(isDeclaration);
    } catch {
      // An unparsable file: the body is simulated without the declarations (and a call to one fails).
    }
    parsedFile = { text, declarations };
  }
  return parsedFile.declarations;
}
