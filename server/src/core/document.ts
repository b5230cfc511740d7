// An open PHP document that re-parses only what an edit touched. The text is tiled by chunks, one per top-level
// statement (with the comments and blank lines before it). An edit re-parses the chunks it overlaps, on their own;
// every other chunk keeps its AST and its cached findings. A full parse is the fallback (first parse, edits in the
// `<?php` prefix, files with inline HTML). Findings of a declaration chunk are stored relative to the chunk, so an
// edit above it only moves the chunk, not its results.
import { parsePhp, unclosedStart, type Node, type ParseError } from './parse';
import { topLevelStatements, isDeclaration } from './units';
import { walk, children } from './walk';
import { fileFacts, sameFacts, type FileFacts } from './facts';
import type { Finding, Unit } from '../rules/types';
import type { Settings } from '../config';
import { runUnit, type UnitLimits } from '../rules/run';
import { startBudget } from './budget';
import { parseErrorFinding, analysisLimitFinding, finishFindings, MAX_ANALYSED_BYTES } from './analyze';

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
  /** See Tile.open (a chunk whose header holds an open piece is open too, with its items; see editHeader). */
  open?: true;
  /** Errors of the declaration's header while it does not parse (see editHeader); its node is then out of date. */
  header?: ParseError[];
  /**
   * While two or more of its items are broken: where a parse of the whole chunk first fails (relative to start,
   * the end of the offending token), or undefined when not known. See stillBroken.
   */
  failsAt?: number;
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
  /**
   * A string, comment or heredoc opened in this item runs past its end, and the file no longer parses. Re-parsing
   * what follows would only show how the rest of the file reads as a string (every keystroke re-parsing to the
   * end of the file); instead the item holds one error at the opening and the items after it keep their ASTs,
   * as they will be once it is closed. Every edit in or near it is checked again (see openError).
   */
  open?: true;
}

/** Where parsing `prefix + text.slice(start)` sees the rest of the file as a full parse does (see faithful). */
interface Context { prefix: string; start: number; }

export interface TextEdit { start: number; end: number; text: string; }

const OPEN_TAG = '<?php ';
/** Declarations whose header editHeader re-parses on its own. */
const HEADED = new Set(['class', 'trait', 'interface', 'function']);
/** How far past the token a parse failed at the lexer may have read (see stillBroken). */
const LOOKAHEAD = 64;
/** How far past an open piece openError looks for the syntax error that shows the file no longer parses. */
const OPEN_WINDOW = 16 * 1024;

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
  /** The edit itself may (lexical is also set for every edit near an open piece). */
  private lexicalEdit = false;
  /** Set when such an edit turned out to reach past the re-parsed text: the edit needs a full parse. */
  private unsettled = false;
  /** With unsettled: where the piece still open at the end of the re-parsed text starts (-1: none, or unknown). */
  private unclosedAt = -1;
  /** Set when the edit closed the declaration's list early (see editList). */
  private closedEarly = false;
  /** The edit being applied, offsets in the text before it. */
  private edit: TextEdit = { start: 0, end: 0, text: '' };

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
    // The first chunk must start after `<?php ` (a file that is all comment is one `noop` from offset 0): a chunk is
    // re-parsed behind an open tag of its own.
    this.incremental = errors.length === 0 && statements.length > 0 && /^<\?php\s/.test(text) && standsAlone(statements) &&
      firstOffset(statements[0]) >= 6 && !!tileWith(statements, 0, (offset) => text[offset]);
    if (!this.incremental) {
      this.prefixEnd = 0;
      this.chunks = [{ start: 0, end: text.length, nodes: statements, parsedStart: 0, errors: errors.map((e) => rel(e, 0)), findings: null }];
      return;
    }
    // The first statement's doc comment and attributes belong to its chunk (`#[Attr] class X` starts at `class`).
    this.prefixEnd = firstOffset(statements[0]);
    this.chunks = tile(statements, this.prefixEnd, text.length, 0, text);
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
    this.lexical = this.lexicalEdit = movesTokenBoundaries(old, start, end, edit.text);
    this.edit = { start, end, text: edit.text };
    this.unsettled = false;
    const chunks = this.chunks;
    let i = chunks.findIndex((c) => c.end >= start);
    if (i < 0) i = chunks.length - 1;
    let j = i;
    // An edit that reaches a chunk's end may join it to the next chunk (deleting the `;` between `$a = $b;c[1];`
    // makes one statement): the next chunk is re-parsed with it, unless text was only inserted before whitespace.
    while (j + 1 < chunks.length && (chunks[j + 1].start < end || (end === chunks[j].end && !insertsBeforeSpace(this.textValue, start, end, delta)))) j++;
    // An open piece (Tile.open) is checked again on every edit in its chunk; a quote or comment marker typed in
    // another chunk may be the one that closes it, so that chunk is re-parsed with the open one and all between.
    const open = chunks.findIndex(holdsOpen);
    if (open >= i && open <= j) this.lexical = true;
    else if (open >= 0 && this.lexical) {
      i = Math.min(i, open);
      j = Math.max(j, open);
    }
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
      // A string or comment opened here runs past the chunk. When the file no longer parses, the region holds one
      // error at the opening and the chunks after it stay (Tile.open); when it still does (the piece closes at a
      // quote further on), from here to the end of the file is parsed as it is, as a full parse does.
      this.lexical = false;
      this.unsettled = false;
      const was = chunks.slice(i, j + 1).find((c) => c.open);
      const error = this.unclosedAt >= 0 ? this.openError(this.unclosedAt, was ? was.start + was.errors[0].start : -1, { prefix: OPEN_TAG, start: regionStart }) : null;
      if (error) {
        replacement = [{ start: regionStart, end: regionEnd, nodes: [], parsedStart: regionStart, findings: null, open: true, errors: [rel(error, regionStart)] }];
      } else {
        replacement = this.parseRegion(regionStart, this.textValue.length);
        j = chunks.length - 1;
      }
    }
    // A statement cut short at the region's end may go on in the next chunk (`$conf-//...` turns the next line into
    // its right operand): when the two parse together, they are one chunk.
    const cut = replacement?.length === 1 ? replacement[0].errors.at(-1) : undefined;
    if (cut && cut.start >= regionEnd - regionStart && j + 1 < chunks.length) {
      const joined = this.parseRegion(regionStart, (j + 1 === chunks.length - 1 ? old.length : chunks[j + 1].end) + delta);
      this.unsettled = false;
      if (joined && !joined.some((c) => c.errors.length)) {
        replacement = joined;
        j++;
      }
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
    if (replacement.some((c) => c.errors.length) && /[{}()[\]]/.test(edit.text + old.slice(start, end))) this.joinBroken(i, i + replacement.length - 1);
  }

  /**
   * Chunks [first, last] are broken after an edit that typed or deleted a bracket, and another chunk is broken too:
   * the two may be one edit in progress (`if ($a) {` typed above some statements, its `}` below them) that only
   * parses as one region. When the region from one to the other parses, it replaces them and all between.
   */
  private joinBroken(first: number, last: number): void {
    const chunks = this.chunks;
    let other = -1;
    for (let k = first - 1; k >= 0 && other < 0; k--) if (chunks[k].errors.length && !chunks[k].open) other = k;
    for (let k = last + 1; k < chunks.length && other < 0; k++) if (chunks[k].errors.length && !chunks[k].open) other = k;
    if (other < 0) return;
    const lo = Math.min(other, first);
    const hi = Math.max(other, last);
    this.lexical = true; // the region must still lex as the chunks did
    const joined = this.parseRegion(chunks[lo].start, hi === chunks.length - 1 ? this.textValue.length : chunks[hi].end);
    this.lexical = false;
    this.unsettled = false;
    if (joined && !joined.some((c) => c.errors.length)) chunks.splice(lo, hi - lo + 1, ...joined);
  }

  /**
   * Applies an edit that lies inside one item of the chunk's declaration (a member, or a statement of a function
   * body, nested as deep as the tiles go) or in its header (see editHeader) by re-parsing only that. False when it
   * does not, and the caller re-parses the whole chunk.
   */
  private editInside(chunk: Chunk, start: number, end: number, delta: number): boolean {
    const decl = chunk.nodes.length === 1 ? chunk.nodes[0] : null;
    const list = decl && listOf(decl);
    if (!decl || !list || (chunk.errors.length && !chunk.tiles)) return false;
    this.settle(chunk);
    const tiles = this.tilesOf(chunk, list, chunk.start, start, end, delta);
    if (!tiles) return false;
    this.closedEarly = false;
    // The header: from the chunk's start (its doc comment and attributes) to the first item.
    const edited = HEADED.has(decl.kind) && start >= chunk.start && end < chunk.start + tiles[0].start
      ? this.editHeader(chunk, decl, delta)
      : this.editList(chunk, chunk, decl, start, end, delta, OPEN_TAG, { prefix: OPEN_TAG, start: chunk.start });
    if (!edited) return false;
    const errors = [...(chunk.header ?? [])];
    const broken = collectErrors(chunk.tiles ?? [], errors);
    if (!this.stillBroken(chunk, start, delta, broken)) return false;
    chunk.end += delta;
    chunk.errors = errors;
    chunk.findings = null;
    return true;
  }

  /** The holder's tiles, made on first use (see tileList); undefined when the edit hid text the tiling reads, so
   * the list is tiled on a later edit. */
  private tilesOf(holder: { tiles?: Tile[] | null }, list: ItemList, chunkStart: number, start: number, end: number, delta: number): Tile[] | null | undefined {
    if (holder.tiles === undefined) {
      const tiled = tileList(list.items, list.end(), chunkStart, this.textValue, start, end, delta);
      if (tiled === undefined) return undefined;
      holder.tiles = tiled;
    }
    return holder.tiles;
  }

  /**
   * Re-parses a declaration's header on its own, closed by `}` right after it (`class A extends B {` + `}`): when
   * it parses, it takes the items over; when it does not, the chunk holds its errors and keeps its items, so that
   * typing `implements` does not re-parse a 5,000-line class at every keystroke. False when the header parses as
   * something else (a class turned into an interface: its items may no longer parse): the whole chunk then.
   */
  private editHeader(chunk: Chunk, decl: Node, delta: number): boolean {
    const tiles = chunk.tiles!;
    const length = tiles[0].start + delta; // the header's length, after the edit
    const source = OPEN_TAG + this.textValue.slice(chunk.start, chunk.start + length) + '\n}';
    this.lastReparsedBytes = length;
    // A quote or comment marker typed in the header must lex on its own as it does in place. One that opens a piece
    // running past the header breaks it, as long as the piece closes inside the chunk (else the caller sees how
    // what follows the chunk reads); stillBroken then checks the whole chunk.
    // A header already broken may hold such a piece, which php-parser reads as a comment or string to the end.
    let opened: ParseError | null = null;
    if (this.lexicalEdit && !endsLine(this.textValue, chunk.start + length)) return false;
    if (this.lexicalEdit || chunk.header) {
      const unclosed = unclosedStart(source, '}');
      if (unclosed >= 0) {
        const chunkEnd = chunk.end + delta;
        if (!endsLine(this.textValue, chunkEnd) || unclosedStart(OPEN_TAG + this.textValue.slice(chunk.start, chunkEnd) + '\n;', ';') !== -1) return false;
        const at = this.openingAt(chunk.start + unclosed - OPEN_TAG.length, -1);
        opened = { message: unclosedMessage(this.textValue, at), start: at, end: at + 1 };
      }
    }
    const { program, errors } = opened ? { program: null, errors: [opened] } : parsePhp(source, this.fileName);
    const fresh = !errors.length && program?.children?.length === 1 ? program.children[0] : null;
    if (!errors.length && !(fresh && fresh.kind === decl.kind && listOf(fresh)?.items.length === 0)) return false;
    moveTiles(tiles, 0, delta);
    if (fresh) shiftNodes(fresh, chunk.start - OPEN_TAG.length);
    // The `}` that closes the declaration is the old one, moved (a function's body ends there too).
    const closing = decl.loc!.end.offset + delta;
    const node = fresh ?? decl;
    node.loc!.end.offset = closing;
    if (node.body?.loc) node.body.loc.end.offset = closing;
    if (fresh) {
      listOf(fresh)!.setItems(tiles.flatMap((t) => t.nodes));
      chunk.nodes = [fresh];
      chunk.header = chunk.open = undefined;
    } else {
      const at = (offset: number) => clamp(offset - (opened ? chunk.start : OPEN_TAG.length), 0, length);
      chunk.header = errors.map((e) => ({ ...e, start: at(e.start), end: Math.max(at(e.end), at(e.start)) }));
      // An open piece is seen by every later edit, as Tile.open is: a quote typed anywhere may be the one closing it.
      chunk.open = opened ? true : undefined;
    }
    return true;
  }

  /**
   * Items are re-parsed on their own even while others are broken, so a file broken in several places stays
   * incremental. But two broken items may be one edit in progress that only the whole declaration parses (a `{`
   * typed in one method, its `}` in another, or a quote that pairs with one further down): while two or more items
   * are broken (or the header is, or the edit closed the list early), an edit is checked against a parse of the
   * whole chunk, which runs only as far as its first error.
   * An edit after that error cannot change it (the parser reads left to right, and every token up to the error is
   * the same), so typing below the first broken place costs nothing more. False when the whole chunk now parses:
   * the caller re-parses it as one.
   */
  private stillBroken(chunk: Chunk, start: number, delta: number, broken: number): boolean {
    if (!this.closedEarly && !chunk.header && broken < 2) {
      chunk.failsAt = undefined;
      return true;
    }
    if (chunk.failsAt !== undefined && start - chunk.start > chunk.failsAt + LOOKAHEAD) return true;
    const source = OPEN_TAG + this.textValue.slice(chunk.start, chunk.end + delta);
    const { errors } = parsePhp(source, this.fileName, 1);
    this.lastReparsedBytes += errors.length ? Math.max(0, errors[0].start - OPEN_TAG.length) : source.length;
    if (!errors.length) return false;
    chunk.failsAt = errors[0].limit ? undefined : errors[0].end - OPEN_TAG.length;
    return true;
  }

  /** A tile holding several clean items split into one tile per item, or null when they cannot be (see tileWith). */
  private retile(merged: Tile, chunkStart: number): Tile[] | null {
    const tiles = tileWith(merged.nodes, chunkStart, (offset) => this.textValue[offset]);
    if (!tiles) return null;
    tiles[0].start = merged.start;
    tiles[tiles.length - 1].end = merged.end;
    return tiles;
  }

  /**
   * `opens`: the wrappers of every list down to this one, while each of them is faithful (else null); `context`:
   * the deepest place from which the rest of the file can be parsed as in place (see openError).
   */
  private editList(chunk: Chunk, holder: { tiles?: Tile[] | null }, owner: Node, start: number, end: number, delta: number, opens: string | null, context: Context): boolean {
    const list = listOf(owner);
    if (!list) return false;
    const inner = opens !== null && faithful(owner) ? opens + list.open : null;
    const tiles = this.tilesOf(holder, list, chunk.start, start, end, delta);
    if (!tiles) return false;
    const from = start - chunk.start;
    const to = end - chunk.start;
    // The items the edit touches, k to m. Strictly inside an item its last character (`;` or `}`) survives, so it
    // cannot join the next item; an insertion right after it is fine when whitespace follows. An edit that starts
    // right after an item's `;` or `}` cannot join tokens with it either.
    const boundaryInsert = insertsBeforeSpace(this.textValue, start, end, delta);
    const after = (t: Tile, n: number) => t.start < from || (n > 0 && t.start === from && /[;}]/.test(this.textValue[start - 1]));
    const covers = (t: Tile) => to < t.end || (to === t.end && boundaryInsert);
    const k = tiles.findIndex((t, n) => after(t, n) && (from < t.end || covers(t)));
    if (k < 0) return false;
    let m = k;
    while (m < tiles.length && !covers(tiles[m])) m++;
    if (m === tiles.length) return false;
    const tile = tiles[k];
    const here = inner !== null ? { prefix: inner, start: chunk.start + tile.start } : context;
    const nested = k === m && tile.nodes.length === 1 && !tile.errors.length && this.editList(chunk, tile, tile.nodes[0], start, end, delta, inner, here);
    let replaced = [tile];
    if (!nested) {
      const regionStart = chunk.start + tile.start;
      const regionEnd = chunk.start + tiles[m].end + delta;
      const prefix = OPEN_TAG + list.open;
      this.lastReparsedBytes = regionEnd - regionStart;
      const source = prefix + this.textValue.slice(regionStart, regionEnd) + '\n}';
      const was = tiles.slice(k, m + 1).find((t) => t.open);
      const merged: Tile = { start: tile.start, end: tiles[m].end, nodes: [], errors: [] };
      // A string or comment that now runs past these items: when the file no longer parses, they hold one error at
      // the opening (Tile.open); when that is not shown, the enclosing item (at the top, the chunk, and at last the
      // rest of the file) is re-parsed to see where it ends.
      const unclosed = !this.lexical ? -1 : endsLine(this.textValue, regionEnd) ? unclosedStart(source, '}') : -2;
      if (unclosed === -2) return false;
      if (unclosed >= 0) {
        const error = this.openError(regionStart + unclosed - prefix.length, was ? chunk.start + was.start + was.errors[0].start : -1, here);
        if (!error) return false;
        merged.errors = [rel(error, regionStart)];
        merged.open = true;
      } else {
        const { program, errors } = parsePhp(source, this.fileName);
        let items = errors.length ? closesEarly(program, source.length) ? null : [] : list.itemsOf(program);
        // The edit closed the list early (an extra `}`): the parent decides. At the top, the declaration holds the
        // broken item, checked against a parse of the whole chunk (`}\n\nclass B {` typed in a class is fine).
        if (!items && holder === chunk && errors.length) {
          items = [];
          this.closedEarly = true;
        }
        if (!items) return false;
        const shift = regionStart - prefix.length;
        for (const node of items) shiftNodes(node, shift);
        merged.nodes = items;
        merged.errors = errors.map((e) => rel(e, prefix.length));
      }
      // Several items parsed back: one tile each again, so the next edit re-parses one of them.
      merged.end += delta;
      replaced = (merged.nodes.length > 1 && this.retile(merged, chunk.start)) || [merged];
    } else tile.end += delta;
    // Items after these move with the edit; their AST is already settled at the chunk's offsets.
    moveTiles(tiles, m + 1, delta);
    tiles.splice(k, m - k + 1, ...replaced);
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
    if (this.lexical) {
      const unclosed = endsLine(this.textValue, regionEnd) ? unclosedStart(OPEN_TAG + source + '\n;', ';') : -2;
      if (unclosed !== -1) {
        this.unsettled = true;
        this.unclosedAt = unclosed >= 0 ? regionStart + unclosed - OPEN_TAG.length : -1;
        return null;
      }
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
    return tile(statements, regionStart, regionEnd, regionStart, this.textValue);
  }

  /**
   * The error an open piece starting at `unclosed` shows, or null when the file may still parse. The text from
   * `context` on is parsed as far as its first error, which a full parse meets too (it reads the same tokens in the
   * same state): a flipped string breaks the code within a few lines. A piece that leaves the next OPEN_WINDOW
   * bytes parsing (a `/*` that ends at a later `*\/`) is not shown open: the caller re-parses it in place.
   */
  private openError(unclosed: number, before: number, context: Context): ParseError | null {
    const text = this.textValue;
    const cut = text.indexOf('\n', unclosed + OPEN_WINDOW);
    const window = cut < 0 ? text.slice(context.start) : text.slice(context.start, cut);
    // Errors on the window's last line may come from the cut itself (a token cut short, the end of the input).
    const sure = cut < 0 ? Infinity : text.lastIndexOf('\n', cut - 1) - context.start + context.prefix.length;
    const { errors } = parsePhp(context.prefix + window, this.fileName, 1);
    // The parse stopped at that error: what it read.
    this.lastReparsedBytes += errors.length ? Math.max(0, errors[0].start - context.prefix.length) : window.length;
    if (!errors.length || errors[0].limit || errors[0].start >= sure) return null;
    const at = this.openingAt(unclosed, before);
    return { message: unclosedMessage(text, at), start: at, end: at + 1 };
  }

  /**
   * Where to show an open piece: the quote or comment marker just typed; else where the item's piece opened
   * before this edit (`before`, in the text before it), so the error stays put while the user types inside it;
   * else where the lexer found it open (after a deletion, it may pair the quotes differently from the user).
   */
  private openingAt(unclosed: number, before: number): number {
    const { start, end, text } = this.edit;
    const typed = text.search(/['"`]|\/\*|<<<|#\[/);
    if (typed >= 0) return start + typed;
    if (before >= 0 && before < start) return before;
    if (before >= end) return before + text.length - (end - start);
    return unclosed;
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
    return finishFindings(this.textValue, out, limits);
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
      if (chunk.header) continue;
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
  // A switch's block holds `case` items, which do not parse as statements of a function body.
  if (node.body?.kind === 'block' && Array.isArray(node.body.children) && node.kind !== 'closure' && node.kind !== 'namespace' && node.kind !== 'switch') {
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

/** Tiles from `from` on, and their nodes, moved by `delta`. */
function moveTiles(tiles: Tile[], from: number, delta: number): void {
  for (let n = from; n < tiles.length; n++) {
    moveTile(tiles[n], delta);
    for (const node of tiles[n].nodes) shiftNodes(node, delta);
  }
}

/** Appends the errors of every item, nested ones included (relative to the chunk); returns how many items are broken. */
function collectErrors(tiles: Tile[], out: ParseError[]): number {
  let broken = 0;
  for (const t of tiles) {
    if (t.errors.length) broken++;
    for (const e of t.errors) out.push(rel(e, -t.start));
    if (t.tiles) broken += collectErrors(t.tiles, out);
  }
  return broken;
}

function holdsOpen(item: { open?: true; tiles?: Tile[] | null }): boolean {
  return !!item.open || (!!item.tiles && item.tiles.some(holdsOpen));
}

/**
 * Whether what follows this list's closing brace in place may also follow the wrapper's (listOf's `open`), so the
 * rest of the file parses after the wrapper as it does in place: nothing of their own follows a class, a function
 * or a loop's body; `else`, `catch`, `finally`, a do-while's condition and `endif;` do.
 */
function faithful(owner: Node): boolean {
  if (owner.shortForm) return false;
  if (owner.kind === 'if') return !owner.alternate;
  return ['class', 'trait', 'interface', 'function', 'method', 'foreach', 'for', 'while'].includes(owner.kind);
}

/** A wrapper (listOf's `open` ... `}`) that ends before its closing brace: the item's text closed it (an extra `}`),
 * and what follows it in the wrapper is not what follows it in place. */
function closesEarly(program: Node, length: number): boolean {
  const children = program.children ?? [];
  return children.length !== 1 || (children[0].loc?.end.offset ?? length) < length;
}

function unclosedMessage(text: string, at: number): string {
  if (text.startsWith('/*', at)) return 'this comment is not closed: the code after it is commented out';
  if (text.startsWith('<<<', at)) return 'this heredoc has no closing label: the code after it is read as text';
  if (text.startsWith('#[', at)) return 'this attribute is not closed with `]`: the code after it is read as part of it';
  return 'this string is not closed: the code after it is read as text';
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
  // php-parser gives the first item the comments before the list's `{` too (`class A\n/* x */\n{ private $p; }`):
  // the first tile starts after that brace.
  const brace = codeBetween(before, firstOffset(items[0]), items[0].loc!.start.offset);
  let start = firstOffset(items[0], brace + 1);
  for (const node of items) {
    if (tiles.length && !triviaOnly(before, tiles[tiles.length - 1].end + chunkStart, firstOffset(node))) return null;
    const end = itemEnd(node, before);
    tiles.push({ start: start - chunkStart, end: end - chunkStart, nodes: [node], errors: [] });
    start = end;
  }
  return tiles;
}

/** Where an item ends: properties, constants and `use` statements end before their `;` in php-parser's locations;
 * the `;` belongs to them, not to the next item (which, re-parsed alone, would start with it). */
function itemEnd(node: Node, at: (offset: number) => string | undefined): number {
  const end = node.loc!.end.offset;
  let i = end;
  while (i < end + 200 && /\s/.test(at(i) ?? '')) i++;
  return at(i) === ';' ? i + 1 : end;
}

/** Where a node's text starts with its comments and attributes, leaving out those before `from`. */
function firstOffset(node: Node, from = 0): number {
  let at = node.loc!.start.offset;
  const take = (loc: Node['loc']) => { if (loc && loc.start.offset >= from) at = Math.min(at, loc.start.offset); };
  for (const c of node.leadingComments ?? []) take(c.loc);
  for (const a of node.attrGroups ?? []) {
    take(a.loc);
    for (const c of a.leadingComments ?? []) take(c.loc); // doc comment before `#[`
  }
  return at;
}

/** The offset of the last character in [from, to) outside whitespace, comments and attributes, or -1. */
function codeBetween(at: (offset: number) => string | undefined, from: number, to: number): number {
  let last = -1;
  let i = from;
  while (i < to) {
    const c = at(i);
    if (c === undefined) return last;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '/' && at(i + 1) === '*') {
      i += 2;
      while (i < to && !(at(i) === '*' && at(i + 1) === '/')) i++;
      i += 2;
    } else if ((c === '/' && at(i + 1) === '/') || (c === '#' && at(i + 1) !== '[')) {
      while (i < to && at(i) !== '\n') i++;
    } else if (c === '#') {
      // An attribute belongs to the item; nothing after it can be the list's brace.
      return last;
    } else {
      last = i;
      i++;
    }
  }
  return last;
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
/** Whether only spaces stand between `offset` and the end of its line, or its start: a `//` comment in the text
 * before it then ends where it would in the whole file (the wrappers close on a new line). */
function endsLine(text: string, offset: number): boolean {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (i >= text.length || text[i] === '\n' || text[i] === '\r') return true;
  i = offset - 1;
  while (text[i] === ' ' || text[i] === '\t') i--;
  return text[i] === '\n';
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

function tile(statements: Node[], from: number, to: number, parsedStart: number, text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = from;
  statements.forEach((node, k) => {
    const end = k === statements.length - 1 ? to : itemEnd(node, (offset) => text[offset]);
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
