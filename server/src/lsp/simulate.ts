// The server side of "Simulate GC": turn what the user pointed at (the file, a selection, the function or method at
// the cursor, a code lens) into a runnable PHP snippet, run the simulator on it, and return its trace.
// A function cannot run on its own: it is called with placeholder arguments made from its parameter types, and
// calls to functions neither the file nor the simulator knows are replaced by stubs returning null. Every such
// assumption is written into `notes`, which the panel shows above everything else.
import { parsePhp, type Node } from '../core/parse';
import { walk } from '../core/walk';
import { lineStarts, lineOf } from '../core/lines';
import { simulate } from '../sim/simulate';
import { phpBytes, bytesAsText, traceAsText } from '../sim/bytes';
import { nativeFunctions } from '../sim/builtins/index';
import { verifyWithPhp } from '../verify/index';
import { describePlaceholders, placeholderCall, type ClassLookup } from '../sim/placeholders';
import type { Trace, TraceStep } from '../sim/trace';
import type { Connection } from 'vscode-languageserver/node';
import { Requests, type SimulateParams, type SimulateResult, type VerifyParams, type VerifyResult } from '../protocol';

/** Statements the simulator may run for one request (its step guard), so a runaway loop cannot hold the server. */
export const SIM_MAX_STEPS = 2_000_000;
/** Heap values kept per step and in total for transport to the panel; the simulator's own caps are larger. */
const STEP_NODE_CAP = 400;
const TOTAL_NODE_CAP = 250_000;
const NODE_EDGE_CAP = 64;

export interface TargetDocument {
  text: string;
  /** File path (or URI when not on disk), used in titles and messages. */
  fileName: string;
}

interface Callable {
  node: Node;
  cls: Node | null;
  /** "f" or "Class::method". */
  name: string;
}

const DECLARATION = new Set(['function', 'class', 'interface', 'trait', 'enum']);

function identifier(n: Node | string | null | undefined): string {
  if (!n) return '';
  return typeof n === 'string' ? n : String(n.name ?? '');
}

/** Top-level statements, with namespace blocks opened, and the namespace declarations themselves. */
function topLevel(program: Node): { stmts: Node[]; namespaces: Node[] } {
  const stmts: Node[] = [];
  const namespaces: Node[] = [];
  for (const s of program.children ?? []) {
    if (s.kind === 'namespace') {
      namespaces.push(s);
      stmts.push(...(s.children ?? []));
    } else stmts.push(s);
  }
  return { stmts, namespaces };
}

function callables(stmts: Node[]): Callable[] {
  const out: Callable[] = [];
  for (const s of stmts) {
    if (s.kind === 'function') out.push({ node: s, cls: null, name: identifier(s.name) });
    else if (s.kind === 'class' || s.kind === 'trait' || s.kind === 'enum' || s.kind === 'interface') {
      for (const m of s.body ?? []) {
        if (m.kind === 'method') out.push({ node: m, cls: s, name: `${identifier(s.name)}::${identifier(m.name)}` });
      }
    }
  }
  return out;
}

function contains(n: Node, offset: number): boolean {
  return !!n.loc && n.loc.start.offset <= offset && offset <= n.loc.end.offset;
}

/** 1-based line of an offset. */
function lineAt(starts: number[], offset: number): number {
  return lineOf(starts, offset) + 1;
}

/** Builds the snippet line by line, remembering where each line came from. */
class Snippet {
  lines: string[] = ['<?php'];
  map: number[] = [0];
  add(text: string, fileLine: number): void {
    text.split(/\r?\n/).forEach((l, i) => {
      this.lines.push(l);
      this.map.push(fileLine ? fileLine + i : 0);
    });
  }
  get source(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** The file's classes for the placeholder generator, by name as written in a parameter type. */
function fileClasses(classes: Map<string, Node>): ClassLookup {
  return (_type, name) => {
    const lc = name.replace(/^\\/, '').toLowerCase();
    const cls = classes.get(lc) ?? classes.get(lc.slice(lc.lastIndexOf('\\') + 1));
    if (!cls) return null;
    const ctor = (cls.body ?? []).find((m: Node) => m.kind === 'method' && identifier(m.name).toLowerCase() === '__construct');
    return { code: identifier(cls.name), concrete: cls.kind === 'class' && !cls.isAbstract, ctorParams: ctor?.arguments ?? [] };
  };
}

/** Names of functions the code calls that neither the file declares nor the simulator implements. */
function unknownCalls(roots: Node[], declared: Set<string>): string[] {
  const unknown = new Set<string>();
  for (const r of roots) {
    walk(r, (n) => {
      if (n.kind === 'call' && n.what?.kind === 'name') {
        const raw = String(n.what.name ?? '');
        const name = raw.replace(/^\\/, '');
        if (!name.includes('\\') && /^[A-Za-z_\x80-\uffff][\w\x80-\uffff]*$/.test(name)) {
          const lc = name.toLowerCase();
          if (!declared.has(lc) && !nativeFunctions.has(lc)) unknown.add(name);
        }
      }
    });
  }
  return [...unknown].sort();
}

/** What the MemLens call runs first: the target, the constructor and destructor of its class and of the classes
 * its placeholder arguments instantiate. */
function driverStarts(fn: Callable, classes: Map<string, Node>): Node[] {
  const lifecycle = (cls: Node | null | undefined) =>
    (cls?.body ?? []).filter((m: Node) => m.kind === 'method' && /^__(construct|destruct)$/i.test(identifier(m.name)));
  const typed = (fn.node.arguments ?? []).flatMap((p: Node) => {
    const t = p.type;
    const names = !t ? [] : t.kind === 'uniontype' ? (t.types ?? []).map((x: Node) => x.name) : [t.name];
    return names.map((n: unknown) => classes.get(String(n ?? '').replace(/^\\/, '').toLowerCase()));
  });
  return [fn.node, ...lifecycle(fn.cls), ...typed.flatMap(lifecycle)];
}

/** The function and every function, method, constructor and destructor of the file it may call (by name). */
function reachable(starts: Node[], stmts: Node[]): Node[] {
  const functions = new Map<string, Node>();
  const methods = new Map<string, Node[]>();
  const classes = new Map<string, Node>();
  for (const s of stmts) {
    if (s.kind === 'function') functions.set(identifier(s.name).toLowerCase(), s);
    if (s.kind === 'class' || s.kind === 'trait' || s.kind === 'enum') {
      classes.set(identifier(s.name).toLowerCase(), s);
      for (const m of s.body ?? []) {
        if (m.kind !== 'method') continue;
        const key = identifier(m.name).toLowerCase();
        methods.set(key, [...(methods.get(key) ?? []), m]);
      }
    }
  }
  const seen = new Set<Node>(starts);
  const queue = [...starts];
  const add = (n: Node | undefined) => {
    if (n && !seen.has(n)) {
      seen.add(n);
      queue.push(n);
    }
  };
  while (queue.length) {
    walk(queue.pop()!, (n) => {
      if (n.kind === 'call' && n.what?.kind === 'name') add(functions.get(String(n.what.name).replace(/^\\/, '').toLowerCase()));
      else if (n.kind === 'call' && n.what?.offset?.kind === 'identifier') for (const m of methods.get(String(n.what.offset.name).toLowerCase()) ?? []) add(m);
      else if (n.kind === 'new' && n.what?.kind === 'name') {
        const cls = classes.get(String(n.what.name).replace(/^\\/, '').toLowerCase());
        for (const m of cls?.body ?? []) if (m.kind === 'method' && /^__(construct|destruct)$/i.test(identifier(m.name))) add(m);
      }
    });
  }
  return [...seen];
}

function baseName(fileName: string): string {
  const cut = fileName.replace(/[\\/]+$/, '');
  return cut.slice(Math.max(cut.lastIndexOf('/'), cut.lastIndexOf('\\')) + 1) || cut;
}

export interface PreparedSnippet {
  source: string;
  lineMap?: number[];
  title: string;
  notes: string[];
  /** Set when nothing can be simulated (e.g. an abstract method); the reason in words. */
  error?: string;
}

/** Pure: from document text and target to the PHP to simulate. Exported for tests. */
export function prepareSnippet(doc: TargetDocument, target: SimulateParams['target']): PreparedSnippet {
  const { program, errors } = parsePhp(doc.text, doc.fileName);
  const { stmts, namespaces } = topLevel(program);
  const starts = lineStarts(doc.text);
  const notes: string[] = [];
  // A snippet taken out of a namespaced file keeps its namespace and imports, so names resolve as in the file.
  // Declarations from several namespaces cannot share one snippet that way: they run in the global namespace.
  const header: { text: string; line: number }[] = [];
  if (namespaces.length === 1) {
    header.push({ text: `namespace ${String(namespaces[0].name ?? '')};`, line: 0 });
    for (const s of stmts) {
      if (s.kind === 'usegroup' && s.loc) {
        const use = doc.text.slice(s.loc.start.offset, s.loc.end.offset).trimEnd();
        header.push({ text: use.endsWith(';') ? use : `${use};`, line: lineAt(starts, s.loc.start.offset) });
      }
    }
  } else if (namespaces.length > 1 && target.kind !== 'file') {
    notes.push('The file declares several namespaces: the snippet runs its declarations in the global namespace.');
  }
  const declarations = stmts.filter((s) => DECLARATION.has(s.kind) && s.loc);
  const declared = new Set(stmts.filter((s) => s.kind === 'function').map((s) => identifier(s.name).toLowerCase()));
  const classes = new Map(stmts.filter((s) => s.kind === 'class' || s.kind === 'interface' || s.kind === 'trait' || s.kind === 'enum').map((s) => [identifier(s.name).toLowerCase(), s]));
  const all = callables(stmts);

  let fn: Callable | undefined;
  if (target.kind === 'function') {
    const wanted = target.name.toLowerCase();
    fn = all.find((c) => c.name.toLowerCase() === wanted) ?? all.find((c) => c.name.toLowerCase().endsWith(`::${wanted}`));
    if (!fn) return { source: '', title: target.name, notes, error: `No function or method named ${target.name} in ${baseName(doc.fileName)}.` };
  } else if (target.kind === 'cursor') {
    fn = all.find((c) => contains(c.node, target.offset));
  }

  // Functions neither the file nor the simulator knows get a stub returning null. Guarded by function_exists so
  // that the same snippet still runs in real PHP ("Verify with real PHP") with the real functions. For one function,
  // only what it can reach counts: stubs for code it never runs would only be noise in the notes.
  const missing = unknownCalls(fn ? reachable(driverStarts(fn, classes), stmts) : [program], declared);
  if (missing.length) {
    notes.push(`Placeholder stubs: ${missing.map((m) => `${m}()`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not known to the simulator and return${missing.length === 1 ? 's' : ''} null in the simulation, without allocating anything.`);
  }
  const stubLine = missing.map((m) => `if (!function_exists('${m}')) { function ${m}(...$args) { return null; } }`).join(' ');
  const newSnippet = () => {
    const s = new Snippet();
    for (const h of header) s.add(h.text, h.line);
    if (stubLine) s.add(`${stubLine} // MemLens placeholder stubs`, 0);
    return s;
  };

  if (fn) {
    if (errors.length) notes.push(`The file has a syntax error at offset ${errors[0].start}; the simulation uses what could be parsed.`);
    const snippet = newSnippet();
    for (const d of declarations) snippet.add(doc.text.slice(d.loc!.start.offset, d.loc!.end.offset), lineAt(starts, d.loc!.start.offset));
    const m = fn.node;
    if (m.isAbstract || (m.kind === 'method' && !m.body)) {
      return { source: '', title: `${fn.name}()`, notes, error: `${fn.name}() is abstract: it has no body to simulate. Run "Simulate GC" on an implementation.` };
    }
    const lookup = fileClasses(classes);
    const calls = placeholderCall(m.arguments ?? [], lookup, { selfClass: identifier(fn.cls?.name) });
    const lines: string[] = ['// MemLens: call the target with placeholder arguments', ...calls.setup];
    const clsName = identifier(fn.cls?.name);
    const method = identifier(m.name);
    if (!fn.cls) {
      lines.push(`${method}(${calls.code});`);
    } else if (m.isStatic) {
      lines.push(`${clsName}::${method}(${calls.code});`);
    } else if (fn.cls.kind !== 'class' || fn.cls.isAbstract) {
      return { source: '', title: `${fn.name}()`, notes, error: `${clsName} is ${fn.cls.isAbstract ? 'abstract' : `a ${fn.cls.kind}`}: MemLens cannot make an instance to call ${method}() on. Select code that uses a concrete class and simulate the selection.` };
    } else {
      const ctor = (fn.cls.body ?? []).find((x: Node) => x.kind === 'method' && identifier(x.name).toLowerCase() === '__construct');
      const lower = method.toLowerCase();
      if (lower === '__construct') {
        lines.push(`$object = new ${clsName}(${calls.code});`);
      } else {
        const ctorArgs = placeholderCall(ctor?.arguments ?? [], lookup, { selfClass: clsName });
        lines.push(...ctorArgs.setup, `$object = new ${clsName}(${ctorArgs.code});`);
        if (ctorArgs.placeholders.length) notes.push(`The instance is made with new ${clsName}(${ctorArgs.code}): constructor placeholders ${describePlaceholders(ctorArgs.placeholders)}.`);
        lines.push(lower === '__destruct' ? 'unset($object);' : `$object->${method}(${calls.code});`);
      }
    }
    // What the call leaves to the collector is the point of simulating one function: run it and print the count.
    lines.push('// MemLens: run the cycle collector after the call and print how many values it freed', 'var_dump(gc_collect_cycles());');
    notes.push('After the call, MemLens runs var_dump(gc_collect_cycles()) to show what the call left for the cycle collector.');
    for (const l of lines) snippet.add(l, 0);
    if (calls.placeholders.length) notes.unshift(`Simulated ${fn.name}() with placeholder arguments, not your real data: ${describePlaceholders(calls.placeholders)}.`);
    else notes.unshift(`Simulated ${fn.name}() called with no arguments.`);
    return { source: snippet.source, lineMap: snippet.map, title: `${fn.name}()`, notes };
  }

  if (target.kind === 'selection' && target.end > target.start) {
    const start = Math.max(0, target.start);
    const end = Math.min(doc.text.length, target.end);
    const selected = doc.text.slice(start, end);
    const snippet = newSnippet();
    // Declarations outside the selection come along so that the selected code can use the file's classes.
    for (const d of declarations) {
      if (d.loc!.end.offset <= start || d.loc!.start.offset >= end) snippet.add(doc.text.slice(d.loc!.start.offset, d.loc!.end.offset), lineAt(starts, d.loc!.start.offset));
    }
    const body = selected.replace(/^\s*<\?php\b/, (m) => ' '.repeat(m.length));
    snippet.add(body, lineAt(starts, start));
    const from = lineAt(starts, start);
    const to = lineAt(starts, Math.max(start, end - 1));
    return { source: snippet.source, lineMap: snippet.map, title: `${baseName(doc.fileName)} lines ${from}–${to}`, notes };
  }

  // The whole file, as it is; stubs go on the line of the opening tag (or of the first namespace declaration, which
  // must come first) so that every line keeps its number.
  const text = doc.text;
  const open = /<\?php\b/.exec(text);
  if (!stubLine || !open) return { source: text, title: baseName(doc.fileName), notes };
  let at = open.index + open[0].length;
  const ns = namespaces[0]?.loc;
  if (ns) {
    const end = text.indexOf(namespaces[0].withBrackets ? '{' : ';', ns.start.offset);
    if (end !== -1) at = end + 1;
  }
  return { source: `${text.slice(0, at)} ${stubLine}${text.slice(at)}`, title: baseName(doc.fileName), notes };
}

/** Keeps the trace small enough to send: at most STEP_NODE_CAP values per step, TOTAL_NODE_CAP overall, and
 * NODE_EDGE_CAP elements or properties per value (an array of a million elements is drawn by its first ones). */
export function capTrace(trace: Trace): Trace {
  let total = 0;
  let cut = false;
  const steps: TraceStep[] = [];
  const capEdges = (heap: TraceStep['heap']) => {
    if (!heap.some((n) => n.edges.length > NODE_EDGE_CAP)) return heap;
    cut = true;
    return heap.map((n) => (n.edges.length > NODE_EDGE_CAP ? { ...n, edges: n.edges.slice(0, NODE_EDGE_CAP), edgesOmitted: n.edges.length - NODE_EDGE_CAP } : n));
  };
  for (const st of trace.steps) {
    let heap = st.heap;
    if (heap.length > STEP_NODE_CAP) {
      heap = heap.slice(0, STEP_NODE_CAP);
      cut = true;
    }
    heap = capEdges(heap);
    if (total + heap.length > TOTAL_NODE_CAP) {
      cut = true;
      // Keep the final snapshot: the end state matters most.
      const last = trace.steps[trace.steps.length - 1];
      if (last !== st) steps.push({ ...last, heap: capEdges(last.heap.slice(0, STEP_NODE_CAP)) });
      break;
    }
    total += heap.length;
    steps.push(heap === st.heap ? st : { ...st, heap });
  }
  return cut ? { ...trace, steps, truncated: true } : trace;
}

export function runSimulation(doc: TargetDocument, params: Pick<SimulateParams, 'target' | 'opcache'>, defaults: { opcache: boolean }): SimulateResult {
  const prepared = prepareSnippet(doc, params.target);
  const opcache = params.opcache ?? defaults.opcache;
  const empty: Trace = { version: 1, opcache, steps: [], stdout: '', truncated: false };
  if (prepared.error) {
    return { source: prepared.source, title: prepared.title, notes: prepared.notes, exitCode: 2, stopped: prepared.error, stdout: '', stderr: '', trace: empty };
  }
  let result;
  try {
    // Run on the bytes PHP would read, shown as text again (sim/bytes.ts).
    const ran = simulate(phpBytes(prepared.source), { opcache, file: baseName(doc.fileName), maxSteps: SIM_MAX_STEPS, trace: true });
    result = {
      ...ran, stdout: bytesAsText(ran.stdout), stderr: bytesAsText(ran.stderr), trace: traceAsText(ran.trace),
      unsupported: ran.unsupported && { ...ran.unsupported, message: bytesAsText(ran.unsupported.message) },
      guard: ran.guard && bytesAsText(ran.guard),
    };
  } catch (e: any) {
    // A simulator bug must not look like a result: say so, with what the user can report.
    return {
      source: prepared.source, lineMap: prepared.lineMap, title: prepared.title, notes: prepared.notes, exitCode: 3,
      stopped: `The simulator failed on this code (${String(e?.message ?? e).slice(0, 200)}). Please report it with the snippet.`,
      stdout: '', stderr: String(e?.stack ?? e), trace: empty,
    };
  }
  const fileLine = (l: number) => prepared.lineMap?.[l - 1] || l;
  let stopped: string | undefined;
  if (result.exitCode === 2) stopped = `PHP cannot parse this code: ${result.stderr.trim()}`;
  else if (result.unsupported) stopped = `Stopped at line ${fileLine(result.unsupported.line)}: ${result.unsupported.message}. The simulator stops there rather than guess.`;
  else if (result.guard) stopped = `Stopped by a guard (${result.guard}).`;
  return {
    source: prepared.source, lineMap: prepared.lineMap, title: prepared.title, notes: prepared.notes,
    exitCode: result.exitCode, stopped, stdout: result.stdout, stderr: result.stderr, trace: capTrace(result.trace),
  };
}

/** Request handler: `documentText(uri)` returns the open document (the server's Map), or null when it is not open. */
export function handleSimulate(params: SimulateParams, documentText: (uri: string) => TargetDocument | null, defaults: { opcache: boolean }): SimulateResult {
  const doc = documentText(params.uri);
  if (!doc) {
    const empty: Trace = { version: 1, opcache: !!params.opcache, steps: [], stdout: '', truncated: false };
    return { source: '', title: params.uri, notes: [], exitCode: 2, stopped: 'The document is not open in the language server; open it and try again.', stdout: '', stderr: '', trace: empty };
  }
  return runSimulation(doc, params, defaults);
}

/** Runs the snippet in real PHP through server/src/verify. Only ever called after the user agreed in the client. */
export async function handleVerify(params: VerifyParams, configuredPhp: string | null = null): Promise<VerifyResult> {
  const verify = await loadVerifier();
  if (!verify) return { real: '', engine: 'none', error: 'Real-PHP verification is not available in this build (server/src/verify is missing).' };
  try {
    // The binary comes from the server's own settings only: a request must not choose what gets executed.
    return await verify(params.source, { opcache: !!params.opcache, phpPath: configuredPhp || null });
  } catch (e: any) {
    return { real: '', engine: 'none', error: `Running real PHP failed: ${String(e?.message ?? e).slice(0, 300)}` };
  }
}

type Verifier = (source: string, opts: { opcache: boolean; phpPath: string | null }) => Promise<VerifyResult>;
let verifierOverride: Verifier | null = null;

/** Tests replace the real-PHP runner. */
export function setVerifier(v: Verifier | null): void {
  verifierOverride = v;
}

async function loadVerifier(): Promise<Verifier | null> {
  if (verifierOverride) return verifierOverride;
  return async (source, opts) => {
    // The editor's text as the bytes of a UTF-8 file, and what PHP printed as text again (as for the simulation).
    const r = await verifyWithPhp(phpBytes(source), { opcache: opts.opcache, phpPath: opts.phpPath ?? undefined });
    const engine = r.engine === 'wasm' ? 'PHP 8.2 in WebAssembly' : `php at ${opts.phpPath}`;
    const said = bytesAsText(r.stderr).trim().slice(0, 400);
    const note = r.exitCode !== 0 ? `Real PHP exited with code ${r.exitCode}${said ? `: ${said}` : ' (a fatal error; this engine does not report its message)'}` : undefined;
    return { real: bytesAsText(r.stdout), engine, ...(note ? { note } : {}) };
  };
}

/** Wires both requests on the server: server.ts calls this once with a view of its open documents. */
export function registerSimulation(
  connection: Connection,
  documentText: (uri: string) => TargetDocument | null,
  settings: () => { opcache: boolean; verify?: { phpPath: string | null } },
): void {
  connection.onRequest(Requests.simulate, async (params: SimulateParams, token) => {
    const doc = documentText(params.uri);
    if (!doc) return handleSimulate(params, documentText, settings());
    const { simulateOnWorker } = await import('./simulateWorker');
    return simulateOnWorker(doc, params, settings(), token);
  });
  connection.onRequest(Requests.verify, (params: VerifyParams) => handleVerify(params, settings().verify?.phpPath ?? null));
}
