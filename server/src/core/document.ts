// An open PHP document that re-parses only what an edit touched. The text is tiled by chunks, one per top-level
// statement (with the comments and blank lines before it). An edit re-parses the chunks it overlaps, on their own;
// every other chunk keeps its AST and its cached findings. A full parse is the fallback (first parse, edits in the
// `<?php` prefix, files with inline HTML). Findings of a declaration chunk are stored relative to the chunk, so an
// edit above it only moves the chunk, not its results.
import { parsePhp, type Node, type ParseError } from './parse';
import { topLevelStatements, isDeclaration } from './units';
import { walk } from './walk';
import { fileFacts, sameFacts, type FileFacts } from './facts';
import type { Finding, Unit } from '../rules/types';
import type { Settings } from '../config';
import { runUnit } from '../rules/run';
import { applySuppressions } from '../rules/suppress';
import { parseErrorFinding, analysisLimitFinding, MAX_ANALYSED_BYTES } from './analyze';

interface Chunk {
  start: number;
  end: number;
  /** Statements of this chunk, or [] when it failed to parse or holds only trivia. */
  nodes: Node[];
  /** Offset the nodes' loc values were computed at; `start - parsedStart` is the pending shift. */
  parsedStart: number;
  errors: ParseError[]; // relative to start
  /** Cached findings relative to start (declaration chunks only). */
  findings: Finding[] | null;
}

export interface TextEdit { start: number; end: number; text: string; }

const OPEN_TAG = '<?php ';

export class PhpDocument {
  private textValue: string;
  private chunks: Chunk[] = [];
  private prefixEnd = 0;
  private incremental = false;
  private facts: FileFacts;
  private settingsUsed: Settings | null = null;
  /** How much the last update re-parsed, for benchmarks and tests. */
  lastReparsedBytes = 0;

  constructor(text: string, readonly fileName = 'untitled.php') {
    this.textValue = text;
    this.facts = fileFacts(text);
    this.fullParse();
  }

  get text(): string { return this.textValue; }

  /** Applies edits in order (offsets refer to the text as it is when each edit is applied). */
  update(edits: TextEdit[]): void {
    for (const edit of edits) this.applyEdit(edit);
    const facts = fileFacts(this.textValue);
    if (!sameFacts(facts, this.facts)) {
      this.facts = facts;
      for (const c of this.chunks) c.findings = null;
    }
  }

  setText(text: string): void {
    this.textValue = text;
    this.facts = fileFacts(text);
    this.fullParse();
  }

  private fullParse(): void {
    const text = this.textValue;
    this.lastReparsedBytes = text.length;
    this.chunks = [];
    if (text.length > MAX_ANALYSED_BYTES) {
      this.incremental = false;
      return;
    }
    const { program, errors } = parsePhp(text, this.fileName);
    const statements = topLevelStatements(program);
    // Top-level inline HTML changes the lexer state between chunks; such files (templates) are parsed whole. A `?>`
    // in a string, a comment or a function body leaves every chunk boundary in PHP mode, so it does not count.
    this.incremental = errors.length === 0 && statements.length > 0 && /^<\?php\s/.test(text) && standsAlone(statements);
    if (!this.incremental) {
      this.prefixEnd = 0;
      this.chunks = [{ start: 0, end: text.length, nodes: statements, parsedStart: 0, errors: errors.map((e) => rel(e, 0)), findings: null }];
      return;
    }
    this.prefixEnd = statements[0].loc!.start.offset;
    this.chunks = tile(statements, this.prefixEnd, text.length, 0);
  }

  private applyEdit(edit: TextEdit): void {
    const old = this.textValue;
    const start = clamp(edit.start, 0, old.length);
    const end = clamp(edit.end, start, old.length);
    this.textValue = old.slice(0, start) + edit.text + old.slice(end);
    const delta = edit.text.length - (end - start);
    if (!this.incremental || start < this.prefixEnd || this.chunks.length === 0 || /\?>|<\?|__halt_compiler/i.test(edit.text)) {
      this.fullParse();
      return;
    }
    const chunks = this.chunks;
    let i = chunks.findIndex((c) => c.end >= start);
    if (i < 0) i = chunks.length - 1;
    let j = i;
    while (j + 1 < chunks.length && chunks[j + 1].start < end) j++;
    const regionStart = chunks[i].start;
    const regionEnd = (j === chunks.length - 1 ? old.length : chunks[j].end) + delta;
    const replacement = this.parseRegion(regionStart, regionEnd);
    if (!replacement) {
      this.fullParse();
      return;
    }
    for (let k = j + 1; k < chunks.length; k++) {
      chunks[k].start += delta;
      chunks[k].end += delta;
    }
    chunks.splice(i, j - i + 1, ...replacement);
  }

  /** The region's chunks, or null when it no longer stands alone (it closed PHP mode at top level). */
  private parseRegion(regionStart: number, regionEnd: number): Chunk[] | null {
    const source = this.textValue.slice(regionStart, regionEnd);
    this.lastReparsedBytes = source.length;
    const { program, errors } = parsePhp(OPEN_TAG + source, this.fileName);
    const statements = topLevelStatements(program);
    const shift = regionStart - OPEN_TAG.length;
    for (const s of statements) shiftNodes(s, shift);
    if (!errors.length && !standsAlone(statements)) return null;
    if (errors.length) {
      return [{
        start: regionStart, end: regionEnd, nodes: [], parsedStart: regionStart, findings: null,
        errors: errors.map((e) => ({ message: e.message, start: e.start - OPEN_TAG.length, end: e.end - OPEN_TAG.length })),
      }];
    }
    return tile(statements, regionStart, regionEnd, regionStart);
  }

  /** Every finding for the current text: parse errors, cached declaration results, and the script. */
  findings(settings: Settings): Finding[] {
    if (this.textValue.length > MAX_ANALYSED_BYTES) return [analysisLimitFinding(this.textValue.length)];
    if (settings !== this.settingsUsed) {
      this.settingsUsed = settings;
      for (const c of this.chunks) c.findings = null;
    }
    const out: Finding[] = [];
    const script: Node[] = [];
    let brokenScript = false;
    for (const chunk of this.chunks) {
      if (chunk.errors.length) {
        out.push(parseErrorFinding(chunk.errors[0], chunk.start, this.textValue.length));
        if (!this.incremental) return out;
        brokenScript = true;
        continue;
      }
      if (chunk.nodes.length === 0) continue;
      if (chunk.nodes.every(isDeclaration)) {
        if (!chunk.findings) {
          this.settle(chunk);
          const found: Finding[] = [];
          for (const node of chunk.nodes) found.push(...this.run({ kind: 'declaration', nodes: [node] }, settings));
          chunk.findings = found.map((f) => relocate(f, -chunk.start));
        }
        for (const f of chunk.findings) out.push(relocate(f, chunk.start));
      } else {
        this.settle(chunk);
        for (const node of chunk.nodes) {
          if (isDeclaration(node)) out.push(...this.run({ kind: 'declaration', nodes: [node] }, settings));
          else script.push(node);
        }
      }
    }
    // While a chunk is broken the script is incomplete; judging it would report flows the user is still typing.
    if (script.length && !brokenScript) out.push(...this.run({ kind: 'script', nodes: script }, settings));
    return applySuppressions(this.textValue, out).sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private run(unit: Unit, settings: Settings): Finding[] {
    return runUnit(unit, this.textValue, this.fileName, this.facts, settings);
  }

  /** Brings a chunk's AST offsets up to date after edits above it moved it. */
  private settle(chunk: Chunk): void {
    const shift = chunk.start - chunk.parsedStart;
    if (shift === 0) return;
    for (const node of chunk.nodes) shiftNodes(node, shift);
    chunk.parsedStart = chunk.start;
  }

  /** The AST of the whole document with current offsets (parse errors leave holes). */
  statements(): Node[] {
    const out: Node[] = [];
    for (const chunk of this.chunks) {
      this.settle(chunk);
      out.push(...chunk.nodes);
    }
    return out;
  }

  get parseErrors(): ParseError[] {
    return this.chunks.flatMap((c) => c.errors.map((e) => rel(e, -c.start)));
  }
}

function standsAlone(statements: Node[]): boolean {
  return !statements.some((s) => s.kind === 'inline' || s.kind === 'halt');
}

function tile(statements: Node[], from: number, to: number, parsedStart: number): Chunk[] {
  const chunks: Chunk[] = [];
  let start = from;
  statements.forEach((node, k) => {
    const end = k === statements.length - 1 ? to : node.loc!.end.offset;
    chunks.push({ start, end, nodes: [node], parsedStart: start, errors: [], findings: null });
    start = end;
  });
  if (chunks.length === 0) chunks.push({ start: from, end: to, nodes: [], parsedStart: from, errors: [], findings: null });
  void parsedStart;
  return chunks;
}

function shiftNodes(root: Node, shift: number): void {
  if (shift === 0) return;
  walk(root, (n) => {
    if (n.loc) {
      n.loc.start.offset += shift;
      n.loc.end.offset += shift;
    }
    for (const c of (n.leadingComments ?? []).concat(n.trailingComments ?? [])) {
      if (c.loc) { c.loc.start.offset += shift; c.loc.end.offset += shift; }
    }
  });
}

function rel(e: ParseError, by: number): ParseError {
  return { message: e.message, start: e.start - by, end: e.end - by };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}

export function relocate(f: Finding, by: number): Finding {
  const move = <T extends { start: number; end: number }>(s: T): T => ({ ...s, start: s.start + by, end: s.end + by });
  return {
    ...move(f),
    ...(f.related ? { related: f.related.map(move) } : {}),
    ...(f.fixes ? { fixes: f.fixes.map((fx) => ({ ...fx, edits: fx.edits.map(move) })) } : {}),
  };
}
