// The one place that talks to npm `php-parser`. Everything else consumes the AST it returns.
import { Engine } from 'php-parser';

/** php-parser nodes are loosely typed; we read them through this shape. */
export interface Node {
  kind: string;
  loc?: { start: { offset: number; line: number; column: number }; end: { offset: number; line: number; column: number } } | null;
  [key: string]: any;
}

export interface ParseError {
  message: string;
  start: number;
  end: number;
  /** Set when MemLens's parser gave up (nesting deeper than it can follow), not PHP: the code may be valid. */
  limit?: true;
}

export interface ParseResult {
  program: Node;
  errors: ParseError[];
}

export type PhpVersion = '8.1' | '8.2' | '8.3' | '8.4';

const engines = new Map<string, Engine>();

function engineFor(version: string): Engine {
  let engine = engines.get(version);
  if (!engine) {
    engine = new Engine({
      parser: { extractDoc: true, suppressErrors: true, version } as any,
      ast: { withPositions: true, withSource: false },
      lexer: { all_tokens: false, short_tags: true, asp_tags: false } as any,
    });
    correctParser(engine);
    engines.set(version, engine);
  }
  return engine;
}

/** php-parser reads `parser.version`; `clone($x)` only parses when the version says 8.5, and 8.5 accepts every
 * earlier construct we care about, so the parser runs at 8.5 while rules read the user's configured version. */
export const PARSER_VERSION = '8.5';

export function parsePhp(text: string, fileName = 'input.php'): ParseResult {
  try {
    const program = engineFor(PARSER_VERSION).parseCode(text, fileName) as unknown as Node;
    const errors: ParseError[] = ((program as any).errors ?? []).map((e: any) => ({
      message: cleanMessage(e.message),
      start: e.loc?.start?.offset ?? 0,
      end: Math.max(e.loc?.end?.offset ?? 0, (e.loc?.start?.offset ?? 0) + 1),
    }));
    return { program, errors };
  } catch (err: any) {
    if (err instanceof RangeError) {
      // The recursive-descent parser ran out of JavaScript stack: valid PHP (php -l takes thousands of levels)
      // must not be called a syntax error.
      return {
        program: { kind: 'program', children: [], errors: [], loc: null },
        errors: [{ message: 'the code is nested too deeply for MemLens to analyse', start: 0, end: 0, limit: true }],
      };
    }
    // php-parser throws (even with suppressErrors) on some lexer states; keep the file, report the error.
    const offset = typeof err?.offset === 'number' ? err.offset : lineToOffset(text, err?.lineNumber);
    return {
      program: { kind: 'program', children: [], errors: [], loc: null },
      errors: [{ message: cleanMessage(String(err?.message ?? err)), start: offset, end: offset + 1 }],
    };
  }
}

/**
 * Whether `text` lexes to its end back in plain PHP mode, its last token being `sentinel` (one character placed at
 * the very end by the caller). False when a comment, string or heredoc opened in the text runs past it: text after
 * such a piece would not lex as it did before.
 */
export function lexesClosed(text: string, sentinel: string): boolean {
  const lexer = (engineFor(PARSER_VERSION) as any).lexer;
  lexer.setInput(text);
  const eof = lexer.EOF;
  let last: unknown = null;
  let lastEnd = -1;
  try {
    for (let guard = 0; guard <= text.length + 10; guard++) {
      const token = lexer.lex();
      if (token === eof || token === undefined) break;
      last = token;
      lastEnd = lexer.offset;
    }
  } catch {
    // The lexer throws on some unfinished input (`#[?x`): such text does not lex closed.
    return false;
  }
  return last === sentinel && lastEnd === text.length && lexer.conditionStack.length === 2 && lexer.curCondition === 'ST_IN_SCRIPTING';
}

/**
 * php-parser 3.7 rejects code that `php -l` accepts. The fixes are made on our own engine instances (no patched
 * node_modules, so the bundle and every install behave the same):
 * - `f(print "$a x")`, `f(include "$dir/x.php")`: before each argument the parser peeks one token to spot a named
 *   argument (`f(print: 1)`), and its peek restores the lexer's position but not its state stack, so a peeked `"`
 *   leaves the lexer inside a double-quoted string. The peek here restores the whole state.
 * - `function readonly()` and calls to `readonly(...)` (WordPress's php-compat): PHP's scanner lexes `readonly`
 *   followed by `(` as a plain name; php-parser always lexes the keyword.
 * - The same argument check builds an array of every keyword for each argument it reads; a Set makes it a lookup.
 * - Inputs on which its error recovery never ends (below).
 */
function correctParser(engine: Engine): void {
  const lexer = (engine as any).lexer;
  const parser = (engine as any).parser;
  // Whitespace at the very end of an unclosed `#[` (the user is typing an attribute): php-parser 3.7 reads it, puts
  // one character back and returns no token, forever. Reading it to the end as whitespace lets the lexer finish.
  const matchAttribute = lexer.matchST_ATTRIBUTE;
  lexer.matchST_ATTRIBUTE = function matchST_ATTRIBUTE(this: any) {
    let end = this.offset;
    while (end < this.size && ' \t\r\n'.includes(this._input[end])) end++;
    if (end > this.offset && end >= this.size) {
      while (this.offset < this.size) this.input();
      return this.tok.T_WHITESPACE;
    }
    return matchAttribute.call(this);
  };
  parser.peek = function peek(this: any) {
    const lex = this.lexer;
    const position = lex.getState();
    const conditions = lex.conditionStack.slice();
    const condition = lex.curCondition;
    const stateCb = lex.stateCb;
    const pending = lex.tokens.slice();
    const done = lex.done;
    const heredoc = { ...lex.heredoc_label };
    const next = lex.lex();
    lex.setState(position);
    lex.conditionStack = conditions;
    lex.curCondition = condition;
    lex.stateCb = stateCb;
    lex.tokens = pending;
    lex.done = done;
    lex.heredoc_label = heredoc;
    return next;
  };
  const readName = lexer.T_STRING;
  const READONLY = lexer.tok.T_READ_ONLY;
  const NAME = lexer.tok.T_STRING;
  lexer.T_STRING = function T_STRING(this: any) {
    const token = readName.call(this);
    return token === READONLY && parenthesisFollows(this._input, this.offset) ? NAME : token;
  };
  // Error recovery can stop consuming input: `namespace N;` inside a function body makes php-parser 3.7 loop
  // forever, allocating nodes until the process runs out of memory. A statement that consumed nothing skips one
  // token (the error is already recorded), and a node budget proportional to the input stops any other such loop.
  for (const name of ['read_inner_statement', 'read_top_statement']) {
    const read = parser[name];
    parser[name] = function readAndAdvance(this: any, ...args: unknown[]) {
      const offset = this.lexer.offset;
      const token = this.token;
      const result = read.apply(this, args);
      if (this.lexer.offset === offset && this.token === token && token !== this.EOF && token !== '}') this.next();
      return result;
    };
  }
  const node = parser.node;
  const parse = parser.parse;
  parser.parse = function parseWithBudget(this: any, code: string, fileName: string) {
    this.nodeBudget = 8 * code.length + 10000;
    return parse.call(this, code, fileName);
  };
  parser.node = function budgetedNode(this: any, ...args: unknown[]) {
    if (--this.nodeBudget < 0) {
      throw Object.assign(new Error('the parser stopped making progress here'), { offset: this.lexer.yylloc?.first_offset ?? 0 });
    }
    return node.apply(this, args);
  };
  const keywords = new Set<number>(Object.values(lexer.keywords));
  const ELLIPSIS = lexer.tok.T_ELLIPSIS;
  parser.read_argument = function read_argument(this: any) {
    if (this.token === ELLIPSIS) return this.node('variadic')(this.next().read_expr());
    if ((this.token === NAME || keywords.has(this.token)) && this.peek() === ':') {
      if (this.version < 800) this.raiseError('PHP 8+ is required to use named arguments');
      return this.node('namedargument')(this.text(), this.next().next().read_expr());
    }
    return this.read_expr();
  };
}

/** Whether only whitespace and comments stand between `at` and a `(`, as PHP's scanner checks after `readonly`. */
export function parenthesisFollows(text: string, at: number): boolean {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) { i++; continue; }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return false;
      i = close + 2;
      continue;
    }
    if (c === 35 /* # */ && text[i + 1] !== '[' || text.startsWith('//', i)) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) return false;
      i = eol + 1;
      continue;
    }
    return c === 40; // (
  }
  return false;
}

function cleanMessage(message: string): string {
  return message.replace(/^Parse Error : /, '').replace(/ on line \d+$/, '');
}

function lineToOffset(text: string, line: unknown): number {
  if (typeof line !== 'number' || line <= 1) return 0;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}
