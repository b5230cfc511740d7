// An open PHP document that re-parses only what an edit touched. The text is tiled by chunks, one per top-level
// statement (with the comments and blank lines before it). An edit re-parses the chunks it overlaps, on their own;
// every other chunk keeps its AST and its cached findings. A full parse is the fallback (first parse, edits in the
// `<?php` prefix, files with inline HTML). Findings of a declaration chunk are stored relative to the chunk, so an
// edit above it only moves the chunk, not its results.
import { parsePhp, lexesClosed, type Node, type ParseError } from './parse';
import { topLevelStatements, isDeclaration } from './units';
import { walk, children } from './walk';
import { fileFacts, sameFacts, type FileFacts } from './facts';
import type { Finding, Unit } from '../rules/types';
import type { Settings } from '../config';
import { runUnit, type UnitLimits } from '../rules/run';
import { startBudget, overBudgetFinding } from './budget';
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
  /** Filled once an edit lands inside the chunk's declaration: see Tile. */
  tiles?: Tile[] | null;
}

/**
 * The items of a declaration's list, tiled like the chunks of the file so an edit inside one re-parses only that
 * item: the members of a class, trait or interface, and the statements of a function or method body (so typing in
 * a 1,500-line method re-parses one statement). Item k covers the text after item k-1 (its `;` included) up to its
 * own end, so the comments and attributes before an item belong to it. Offsets are relative to the chunk start.
 * `tiles`: undefined until needed, null when the list cannot be tiled (and is always re-parsed with its parent).
 */
interface Tile {
  start: number;
  end: number;
  nodes: Node[];
  errors: ParseError[]; // relative to the tile's start
  tiles?: Tile[] | null;
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
  /** The edit being applied may open or close a comment, string or heredoc (see movesTokenBoundaries). */
  private lexical = false;
  /** Set when such an edit turned out to reach past the re-parsed text: the edit needs a full parse. */
  private unsettled = false;

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
    // Between two statements there must be nothing but whitespace and comments (a second `namespace X;` or the
    // braces of `namespace X { }` are not), or a chunk re-parsed on its own would not parse as it does in place.
    this.incremental = errors.length === 0 && statements.length > 0 && /^<\?php\s/.test(text) && standsAlone(statements) &&
      !!tileWith(statements, 0, (offset) => text[offset]);
    if (!this.incremental) {
      this.prefixEnd = 0;
      this.chunks = [{ start: 0, end: text.length, nodes: statements, parsedStart: 0, errors: errors.map((e) => rel(e, 0)), findings: null }];
      return;
    }
    // The first statement's doc comment and attributes belong to its chunk (`#[Attr] class X` starts at `class`).
    this.prefixEnd = firstOffset(statements[0]);
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
    this.lexical = movesTokenBoundaries(old, start, end, edit.text);
    this.unsettled = false;
    const chunks = this.chunks;
    let i = chunks.findIndex((c) => c.end >= start);
    if (i < 0) i = chunks.length - 1;
    let j = i;
    // An edit that reaches a chunk's end may join it to the next chunk (deleting the `;` between `$a = $b;c[1];`
    // makes one statement): the next chunk is re-parsed with it, unless text was only inserted before whitespace.
    while (j + 1 < chunks.length && (chunks[j + 1].start < end || (end === chunks[j].end && !insertsBeforeSpace(this.textValue, start, end, delta)))) j++;
    const inside = i === j && this.editInside(chunks[i], start, end, delta);
    if (this.unsettled) {
      this.fullParse();
      return;
    }
    if (inside) {
      for (let k = i + 1; k < chunks.length; k++) {
        chunks[k].start += delta;
        chunks[k].end += delta;
      }
      return;
    }
    const regionStart = chunks[i].start;
    const regionEnd = (j === chunks.length - 1 ? old.length : chunks[j].end) + delta;
    let replacement = this.parseRegion(regionStart, regionEnd);
    if (this.unsettled) {
      // A string or comment opened here runs past the chunk: from here to the end of the file is parsed as it
      // is, which is what a full parse does after this point; the chunks before keep their ASTs.
      this.lexical = false;
      this.unsettled = false;
      replacement = this.parseRegion(regionStart, this.textValue.length);
      j = chunks.length - 1;
    }
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

  /**
   * Applies an edit that lies inside one item of the chunk's declaration (a member, or a statement of a function
   * body, nested as deep as the tiles go) by re-parsing only that item. False when it does not, and the caller
   * re-parses the whole chunk. At most one item may be broken at a time: two broken items could be one edit in
   * progress that only the whole declaration parses correctly (a `}` moved from one method to another).
   */
  private editInside(chunk: Chunk, start: number, end: number, delta: number): boolean {
    const decl = chunk.nodes.length === 1 ? chunk.nodes[0] : null;
    if (!decl || !listOf(decl) || (chunk.errors.length && !chunk.tiles)) return false;
    this.settle(chunk);
    if (!this.editList(chunk, chunk, decl, start, end, delta)) return false;
    chunk.end += delta;
    chunk.errors = [];
    collectErrors(chunk.tiles ?? [], chunk.errors);
    chunk.findings = null;
    return true;
  }

  private editList(chunk: Chunk, holder: { tiles?: Tile[] | null }, owner: Node, start: number, end: number, delta: number): boolean {
    const list = listOf(owner);
    if (!list) return false;
    if (holder.tiles === undefined) {
      const tiled = tileList(list.items, list.end(), chunk.start, this.textValue, start, end, delta);
      if (tiled === undefined) return false; // the edit hid text the tiling reads: tile on a later edit
      holder.tiles = tiled;
    }
    const tiles = holder.tiles;
    if (!tiles) return false;
    const from = start - chunk.start;
    const to = end - chunk.start;
    // Strictly inside an item: its last character (`;` or `}`) survives, so it cannot join the next item; an
    // insertion right after it is fine when whitespace follows.
    const boundaryInsert = insertsBeforeSpace(this.textValue, start, end, delta);
    const k = tiles.findIndex((t) => t.start < from && (to < t.end || (to === t.end && boundaryInsert)));
    if (k < 0) return false;
    const tile = tiles[k];
    const inner = tile.nodes.length === 1 && !tile.errors.length && this.editList(chunk, tile, tile.nodes[0], start, end, delta);
    if (!inner) {
      if (brokenElsewhere(chunk.tiles!, tile)) return false;
      const regionStart = chunk.start + tile.start;
      const regionEnd = chunk.start + tile.end + delta;
      const prefix = OPEN_TAG + list.open;
      this.lastReparsedBytes = regionEnd - regionStart;
      const source = prefix + this.textValue.slice(regionStart, regionEnd) + '\n}';
      // A string or comment that now runs past this item: the enclosing item (at the top, the chunk, and at last
      // a full parse) must be re-parsed to see where it ends.
      if (this.lexical && !(endsLine(this.textValue, regionEnd) && lexesClosed(source, '}'))) return false;
      const { program, errors } = parsePhp(source, this.fileName);
      const items = errors.length ? [] : list.itemsOf(program);
      if (!items) return false; // the edit closed the list early: the parent decides
      const shift = regionStart - prefix.length;
      for (const node of items) shiftNodes(node, shift);
      tile.nodes = items;
      tile.errors = errors.map((e) => ({ ...e, start: e.start - prefix.length, end: e.end - prefix.length }));
      tile.tiles = undefined;
    }
    // Items after this one move with the edit; their AST is already settled at the chunk's offsets.
    tile.end += delta;
    for (let n = k + 1; n < tiles.length; n++) {
      moveTile(tiles[n], delta);
      for (const node of tiles[n].nodes) shiftNodes(node, delta);
    }
    list.setItems(tiles.flatMap((t) => t.nodes));
    // What follows the list inside its owner moves too: `else`, `catch`, `finally`, a do-while's condition.
    const listEnd = owner.body?.kind === 'block' ? owner.body.loc?.end.offset : owner.loc?.end.offset;
    if (owner.body?.kind === 'block') {
      for (const child of children(owner)) if (child !== owner.body && (child.loc?.start.offset ?? -1) >= listEnd) shiftNodes(child, delta);
      if (owner.body.loc) owner.body.loc.end.offset += delta;
    }
    // A function's loc.end is the same object as its body's (php-parser shares it).
    if (owner.loc && owner.loc.end !== owner.body?.loc?.end) owner.loc.end.offset += delta;
    return true;
  }

  /** The region's chunks, or null when it no longer stands alone (it closed PHP mode at top level). */
  private parseRegion(regionStart: number, regionEnd: number): Chunk[] | null {
    const source = this.textValue.slice(regionStart, regionEnd);
    this.lastReparsedBytes = source.length;
    if (this.lexical && !(endsLine(this.textValue, regionEnd) && lexesClosed(OPEN_TAG + source + '\n;', ';'))) {
      this.unsettled = true;
      return null;
    }
    const { program, errors } = parsePhp(OPEN_TAG + source, this.fileName);
    const statements = topLevelStatements(program);
    const shift = regionStart - OPEN_TAG.length;
    for (const s of statements) shiftNodes(s, shift);
    if (!errors.length && !standsAlone(statements)) return null;
    if (errors.length) {
      return [{
        start: regionStart, end: regionEnd, nodes: [], parsedStart: regionStart, findings: null,
        errors: errors.map((e) => ({ ...e, start: e.start - OPEN_TAG.length, end: e.end - OPEN_TAG.length })),
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
    // One time budget per analysis: past it, the remaining rules are skipped and the file says so.
    const limits: UnitLimits = { budget: startBudget(), skipped: [] };
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
          const skippedBefore = limits.skipped.length;
          for (const node of chunk.nodes) found.push(...this.run({ kind: 'declaration', nodes: [node] }, settings, limits));
          const complete = limits.skipped.length === skippedBefore;
          // Results cut short by the budget are not kept: the next analysis tries this declaration again.
          if (!complete) {
            for (const f of found) out.push(f);
            continue;
          }
          chunk.findings = found.map((f) => relocate(f, -chunk.start));
        }
        for (const f of chunk.findings) out.push(relocate(f, chunk.start));
      } else {
        this.settle(chunk);
        for (const node of chunk.nodes) {
          if (isDeclaration(node)) out.push(...this.run({ kind: 'declaration', nodes: [node] }, settings, limits));
          else script.push(node);
        }
      }
    }
    // While a chunk is broken the script is incomplete; judging it would report flows the user is still typing.
    if (script.length && !brokenScript) out.push(...this.run({ kind: 'script', nodes: script }, settings, limits));
    if (limits.skipped.length) out.push(overBudgetFinding(limits.budget, limits.skipped));
    return applySuppressions(this.textValue, out).sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private run(unit: Unit, settings: Settings, limits?: UnitLimits): Finding[] {
    return runUnit(unit, this.textValue, this.fileName, this.facts, settings, undefined, limits);
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

interface ItemList {
  items: Node[];
  setItems(nodes: Node[]): void;
  /** What opens a wrapper in which one item parses as it does in place (closed by `}`). */
  open: string;
  /** The items of a parsed wrapper, or null when the wrapper did not come back as one declaration. */
  itemsOf(program: Node): Node[] | null;
  /** Offset of the list's closing brace, when known. */
  end(): number | null;
}

/** Class members (enums are left whole: a backed enum's cases only parse inside `enum X: type`, and enums are
 * small), and the statements of a function or method body. */
function listOf(node: Node): ItemList | null {
  const single = (program: Node, kind: string): Node | null => (program.children?.length === 1 && program.children[0].kind === kind ? program.children[0] : null);
  if ((node.kind === 'class' || node.kind === 'trait' || node.kind === 'interface') && Array.isArray(node.body)) {
    return {
      items: node.body, setItems: (nodes) => { node.body = nodes; },
      open: `${node.kind} __MemLensMembers {`, itemsOf: (program) => single(program, node.kind)?.body ?? null,
      end: () => (node.loc ? node.loc.end.offset - 1 : null),
    };
  }
  // Function and method bodies, and the blocks of statements (if, loops, try) inside them.
  if (node.body?.kind === 'block' && Array.isArray(node.body.children) && node.kind !== 'closure' && node.kind !== 'namespace') {
    return {
      items: node.body.children, setItems: (nodes) => { node.body.children = nodes; },
      open: 'function __memlens_body() {', itemsOf: (program) => single(program, 'function')?.body?.children ?? null,
      end: () => (node.body.loc ? node.body.loc.end.offset - 1 : null),
    };
  }
  return null;
}

/** Moves a tile and the tiles nested in it (their nodes are moved by the caller, once). */
function moveTile(tile: Tile, delta: number): void {
  tile.start += delta;
  tile.end += delta;
  for (const t of tile.tiles ?? []) moveTile(t, delta);
}

function collectErrors(tiles: Tile[], out: ParseError[]): void {
  for (const t of tiles) {
    for (const e of t.errors) out.push(rel(e, -t.start));
    if (t.tiles) collectErrors(t.tiles, out);
  }
}

function brokenElsewhere(tiles: Tile[], except: Tile): boolean {
  return tiles.some((t) => t !== except && (t.errors.length > 0 || (!!t.tiles && brokenElsewhere(t.tiles, except))));
}

/**
 * Tiles a list of items (see Tile). Null when it cannot be tiled (text between items that is not whitespace or a
 * comment). The AST describes the text before the pending edit (`edit*`, already applied to `text`); undefined when
 * the tiling would have to read text the edit replaced.
 */
function tileList(items: Node[], listEnd: number | null, chunkStart: number, text: string, editStart: number, editEnd: number, delta: number): Tile[] | null | undefined {
  if (!items.length || !items.every((m) => m.loc)) return null;
  let hidden = false;
  const before = (offset: number) => {
    if (offset < editStart) return text[offset];
    if (offset >= editEnd) return text[offset + delta];
    hidden = true;
    return undefined;
  };
  const tiles = tileWith(items, chunkStart, before);
  // Comments after the last item belong to it (php-parser attaches them as its trailing comments): the last tile
  // runs up to the list's closing brace.
  if (tiles && listEnd !== null && before(listEnd) === '}' && triviaOnly(before, tiles[tiles.length - 1].end + chunkStart, listEnd)) {
    tiles[tiles.length - 1].end = listEnd - chunkStart;
  }
  return hidden ? undefined : tiles;
}

function tileWith(items: Node[], chunkStart: number, before: (offset: number) => string | undefined): Tile[] | null {
  const tiles: Tile[] = [];
  let start = firstOffset(items[0]);
  for (const node of items) {
    let end = node.loc!.end.offset;
    if (tiles.length && !triviaOnly(before, tiles[tiles.length - 1].end + chunkStart, firstOffset(node))) return null;
    // Properties and constants end before their `;`; the `;` belongs to them, not to the next item.
    let i = end;
    while (i < end + 200 && /\s/.test(before(i) ?? '')) i++;
    if (before(i) === ';') end = i + 1;
    tiles.push({ start: start - chunkStart, end: end - chunkStart, nodes: [node], errors: [] });
    start = end;
  }
  return tiles;
}

function firstOffset(node: Node): number {
  let at = node.loc!.start.offset;
  for (const c of node.leadingComments ?? []) if (c.loc) at = Math.min(at, c.loc.start.offset);
  for (const a of node.attrGroups ?? []) {
    if (a.loc) at = Math.min(at, a.loc.start.offset);
    for (const c of a.leadingComments ?? []) if (c.loc) at = Math.min(at, c.loc.start.offset); // doc comment before `#[`
  }
  return at;
}

/** Whether [from, to) holds only whitespace and comments; `at` reads a character of the text. */
function triviaOnly(at: (offset: number) => string | undefined, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = at(i);
    if (c === undefined) return false;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '/' && at(i + 1) === '*') {
      i += 2;
      while (i < to && !(at(i) === '*' && at(i + 1) === '/')) i++;
      i += 2;
      continue;
    }
    if ((c === '/' && at(i + 1) === '/') || (c === '#' && at(i + 1) !== '[')) {
      while (i < to && at(i) !== '\n') i++;
      continue;
    }
    return false;
  }
  return i === to;
}

/**
 * Whether an edit may open or close a comment, a string or a heredoc. Such an edit can change how text far past the
 * edited item lexes (`/*` without its `*\/` comments out the rest of the class), so the re-parsed text must also
 * lex back to plain PHP at its end (lexesClosed), else the edit gets a full parse. Every other edit only changes
 * tokens inside the item it falls in. The characters on either side count too: `*` typed before a `/` closes a
 * comment.
 */
/** Whether only spaces stand between `offset` and the end of its line: a `//` comment in the text before it then
 * ends where it would in the whole file (the wrappers close on a new line). */
function endsLine(text: string, offset: number): boolean {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i >= text.length || text[i] === '\n' || text[i] === '\r';
}

/** A pure insertion followed (in the edited text) by whitespace: it cannot join tokens with what comes after. */
function insertsBeforeSpace(text: string, start: number, end: number, delta: number): boolean {
  if (start !== end) return false;
  const next = text.charCodeAt(end + delta);
  return next === 32 || next === 9 || next === 10 || next === 13;
}

function movesTokenBoundaries(old: string, start: number, end: number, inserted: string): boolean {
  const before = old.slice(Math.max(0, start - 2), start);
  const after = old.slice(end, end + 2);
  return LEXICAL.test(before + old.slice(start, end) + after) || LEXICAL.test(before + inserted + after);
}

const LEXICAL = /['"`#\\]|\/\*|\*\/|\/\/|\?>|<\?|<<</;

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

/** Moves every offset in a subtree. On the keystroke path (everything after an edit in its declaration), so it
 * reads own keys only: `for...in` would also visit php-parser's enumerable prototype methods on every node. */
function shiftNodes(root: Node, shift: number): void {
  if (shift === 0) return;
  const stack: any[] = [root];
  // php-parser shares position objects (a function's loc.end is its body's loc.end): move each one once.
  const moved = new Set<object>();
  while (stack.length) {
    const n = stack.pop();
    if (moved.has(n)) continue;
    moved.add(n);
    if (n.loc) {
      if (!moved.has(n.loc.start)) { moved.add(n.loc.start); n.loc.start.offset += shift; }
      if (!moved.has(n.loc.end)) { moved.add(n.loc.end); n.loc.end.offset += shift; }
    }
    if (typeof n.offset === 'number') n.offset += shift; // comments repeat their start here
    for (const key of Object.keys(n)) {
      if (key === 'loc') continue;
      const value = n[key];
      if (value === null || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === 'object' && typeof item.kind === 'string') stack.push(item);
      } else if (typeof value.kind === 'string') stack.push(value);
    }
  }
}

function rel(e: ParseError, by: number): ParseError {
  return { ...e, start: e.start - by, end: e.end - by };
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
