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
  /** Set on the first error when parsing stopped after MAX_RECOVERED_ERRORS errors (see correctParser). */
  stopped?: true;
}

/** Real PHP has none. Past this many the rest of the file tells the user nothing new (one stray `"` in WordPress's
 * formatting.php gives over a thousand, all after the first), and recovering from every error of a megabyte of
 * garbage took seconds. */
export const MAX_RECOVERED_ERRORS = 1000;

export interface ParseResult {
  program: Node;
  errors: ParseError[];
}

export type PhpVersion = '8.1' | '8.2' | '8.3' | '8.4';

const engines = new Map<string, Engine>();

export interface ParseOptions {
  /** Keep comments (`leadingComments`, `trailingComments`, and a `noop` holding the comments of an otherwise empty
   * block). The incremental document needs them to tile the text; a one-shot analysis does not (see
   * analyzeOnce). Default true. */
  comments?: boolean;
  /** Build nodes with php-parser's own builders (see leanNodeBuilders), for the test that compares the two. */
  stockBuilders?: boolean;
  /** Lex as php-parser's own lexer does, token text, reading and scanning (see tokenTextFromInput and
   * scanInBulk), for the test that compares the two. */
  stockLexer?: boolean;
}

function engineFor(version: string, options: ParseOptions = {}): Engine {
  const comments = options.comments !== false;
  const lean = !options.stockBuilders;
  const leanLexer = !options.stockLexer;
  const key = `${version}${comments ? '' : ' no comments'}${lean ? '' : ' stock builders'}${leanLexer ? '' : ' stock lexer'}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = new Engine({
      parser: { extractDoc: comments, suppressErrors: true, version } as any,
      ast: { withPositions: true, withSource: false },
      lexer: { all_tokens: false, short_tags: true, asp_tags: false } as any,
    });
    if (lean) leanNodeBuilders(engine);
    if (leanLexer) {
      tokenTextFromInput((engine as any).lexer);
      scanInBulk((engine as any).lexer);
    }
    correctParser(engine);
    engines.set(key, engine);
  }
  return engine;
}

/** php-parser reads `parser.version`; `clone($x)` only parses when the version says 8.5, and 8.5 accepts every
 * earlier construct we care about, so the parser runs at 8.5 while rules read the user's configured version. */
export const PARSER_VERSION = '8.5';

/** `maxErrors`: stop at that many errors (1 asks only whether the text parses, as far as its first error). */
export function parsePhp(text: string, fileName = 'input.php', maxErrors = MAX_RECOVERED_ERRORS, options?: ParseOptions): ParseResult {
  try {
    const engine = engineFor(PARSER_VERSION, options);
    (engine as any).parser.maxErrors = maxErrors;
    const program = engine.parseCode(text, fileName) as unknown as Node;
    const errors: ParseError[] = ((program as any).errors ?? []).map((e: any) => ({
      message: cleanMessage(e.message),
      start: e.loc?.start?.offset ?? 0,
      end: Math.max(e.loc?.end?.offset ?? 0, (e.loc?.start?.offset ?? 0) + 1),
    }));
    // The first error is the one shown: it says that parsing stopped, and where.
    const stoppedAt = (engine as any).parser.stoppedAt;
    if (stoppedAt !== undefined && maxErrors > 1) {
      errors[0] = { ...errors[0], stopped: true, message: `${errors[0].message}; MemLens stopped parsing after ${maxErrors} syntax errors (the last at line ${lineOf(text, stoppedAt)}) and did not read the rest of the file` };
    }
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
    // The lexer's "Bad terminal sequence" carries its offset only in the message.
    const offset = typeof err?.offset === 'number' ? err.offset : Number(/\(offset (\d+)\)/.exec(String(err?.message))?.[1] ?? lineToOffset(text, err?.lineNumber));
    return {
      program: { kind: 'program', children: [], errors: [], loc: null },
      errors: [{ message: cleanMessage(String(err?.message ?? err)), start: offset, end: offset + 1 }],
    };
  }
}

/** Every token of `text` with the lexer's state after it, one line each: for the test that holds the lexer's fast
 * paths (scanInBulk) to php-parser's own reading. */
export function lexedTokens(text: string, options: { stockLexer?: boolean } = {}): string[] {
  const lexer = (engineFor(PARSER_VERSION, { comments: false, ...options }) as any).lexer;
  lexer.setInput(text);
  const out: string[] = [];
  for (let guard = 0; guard <= text.length + 10; guard++) {
    let token: unknown;
    try {
      token = lexer.lex();
    } catch (e: any) {
      out.push(`throws ${e?.message}`);
      break;
    }
    const l = lexer.yylloc;
    out.push(`${String(token)} ${JSON.stringify(lexer.yytext)} ${lexer.offset} ${l.first_offset} ${l.first_line}:${l.first_column} ` +
      `${l.last_line}:${l.last_column} ${l.prev_offset} ${l.prev_line}:${l.prev_column} ${lexer.yylineno} ${lexer.yyprevcol} ` +
      `${lexer.curCondition} ${lexer.conditionStack.join('/')} ${lexer.done}`);
    if (token === lexer.EOF) break;
  }
  return out;
}

/** How many tokens the lexer the parse uses reads from `text`, nothing else kept: the bench's measure of lexing
 * alone (bench/lib/parseBounds.ts). */
export function countTokens(text: string): number {
  const lexer = (engineFor(PARSER_VERSION, { comments: false }) as any).lexer;
  lexer.setInput(text);
  let count = 0;
  try {
    for (let token = lexer.lex(); token !== lexer.EOF && token !== undefined && count <= text.length; token = lexer.lex()) count++;
  } catch {
    // a text the lexer rejects: counted as far as it read
  }
  return count;
}

/**
 * Whether `text` lexes to its end back in plain PHP mode, its last token being `sentinel` (one character placed at
 * the very end by the caller). False when a comment, string or heredoc opened in the text runs past it: text after
 * such a piece would not lex as it did before.
 */
export function lexesClosed(text: string, sentinel: string): boolean {
  return unclosedStart(text, sentinel) < 0;
}

/**
 * Where the comment, string or heredoc that runs past the end of `text` starts (see lexesClosed), or -1 when the
 * text lexes closed. Text the lexer rejects (`#[?x`) counts as unclosed from where it stopped.
 */
export function unclosedStart(text: string, sentinel: string): number {
  const lexer = (engineFor(PARSER_VERSION) as any).lexer;
  lexer.setInput(text);
  const eof = lexer.EOF;
  let last: unknown = null;
  let lastStart = 0;
  let lastEnd = -1;
  // Where the lexer last left plain PHP (a `"` or a heredoc start pushes a state): the piece still open opens there.
  let leftAt = -1;
  try {
    for (let guard = 0; guard <= text.length + 10; guard++) {
      const start = lexer.offset;
      const token = lexer.lex();
      if (token === eof || token === undefined) break;
      // `{` pushes plain PHP again (to match its `}`): only a string or heredoc state on the stack is not PHP.
      const inPhp = lexer.curCondition === 'ST_IN_SCRIPTING' && lexer.conditionStack.every((c: string) => c === 'ST_IN_SCRIPTING' || c === 'INITIAL');
      if (inPhp) leftAt = -1;
      else if (leftAt < 0) leftAt = lexer.yylloc.first_offset ?? start;
      last = token;
      lastStart = lexer.yylloc.first_offset ?? start;
      lastEnd = lexer.offset;
    }
  } catch {
    return leftAt >= 0 ? leftAt : lexer.offset;
  }
  if (leftAt >= 0) return leftAt;
  if (last === sentinel && lastEnd === text.length) return -1;
  if (lastEnd < 0 || lastEnd === text.length) return Math.max(lastStart, 0);
  // A comment that runs to the end is skipped by the lexer: it starts after the last token.
  let at = lastEnd;
  while (at < text.length && ' \t\r\n'.includes(text[at])) at++;
  return at;
}

/**
 * php-parser's lexer builds the token text (yytext) one character at a time: a rope of one-character strings, which
 * for a doc comment is thousands of objects, and putting one character back copied the whole rope (a long unclosed
 * string full of `{` or `$`, a quote flipped above a data file, took seconds). The token text is always the input
 * from the token's start to the current offset: input() and consume() append what they read, unput() removes it,
 * and every token starts empty. So the lexer here keeps only where the token started, and yytext is that slice of
 * the input when something reads it. Reading, putting back and line counting are as php-parser does them.
 */
function tokenTextFromInput(lexer: any): void {
  Object.defineProperty(lexer, 'yytext', {
    get(this: any): string {
      return this._input.substring(this.tokenStart, this.offset);
    },
    set(this: any, text: string) {
      this.tokenStart = this.offset - text.length;
    },
  });
  lexer.input = function input(this: any): string {
    const text = this._input;
    const ch = text[this.offset];
    if (!ch) return '';
    this.offset++;
    if (ch === '\r' && text[this.offset] === '\n') this.offset++;
    const loc = this.yylloc;
    if (ch === '\n' || ch === '\r') {
      loc.last_line = ++this.yylineno;
      this.yyprevcol = loc.last_column;
      loc.last_column = 0;
    } else {
      loc.last_column++;
    }
    return ch;
  };
  lexer.consume = function consume(this: any, size: number) {
    for (let i = 0; i < size; i++) {
      const from = this.offset;
      if (!this.input()) break;
      if (this.offset - from === 2) i++; // \r\n counts as two of `size`
    }
    return this;
  };
  lexer.unput = function unput(this: any, size: number) {
    const input = this._input;
    const loc = this.yylloc;
    const length = this.offset - this.tokenStart;
    if (size === 1) {
      this.offset--;
      if (input[this.offset] === '\n' && input[this.offset - 1] === '\r') this.offset--;
      if (input[this.offset] === '\r' || input[this.offset] === '\n') {
        loc.last_line--;
        this.yylineno--;
        loc.last_column = this.yyprevcol;
      } else {
        loc.last_column--;
      }
      // Putting back more than the token holds leaves it empty, as php-parser's substring does.
      if (this.tokenStart > this.offset) this.tokenStart = this.offset;
    } else if (size > 0) {
      this.offset -= size;
      if (size < length) {
        // Line and column counted again over what is left of the token.
        loc.last_line = loc.first_line;
        loc.last_column = this.yyprevcol = loc.first_column;
        for (let i = this.tokenStart; i < this.offset; i++) {
          let c = input[i];
          if (c === '\r') {
            c = ++i < this.offset ? input[i] : undefined; // past the token: nothing, as in php-parser's copy
            this.yyprevcol = loc.last_column;
            loc.last_line++;
            loc.last_column = 0;
            if (c !== '\n') {
              if (c === '\r') loc.last_line++;
              else loc.last_column++;
            }
          } else if (c === '\n') {
            this.yyprevcol = loc.last_column;
            loc.last_line++;
            loc.last_column = 0;
          } else {
            loc.last_column++;
          }
        }
        this.yylineno = loc.last_line;
      } else {
        this.tokenStart = this.offset;
        loc.last_line = this.yylineno = loc.first_line;
        loc.last_column = loc.first_column;
      }
    }
    return this;
  };
  // php-parser's setState sets the token text before the offset it belongs to.
  const setState = lexer.setState;
  lexer.setState = function setStateWithText(this: any, state: any) {
    setState.call(this, state);
    this.tokenStart = state.offset - state.yytext.length;
    return this;
  };
}

/**
 * php-parser's lexer reads every character through input(), one call each, and finds each token's function by
 * comparing the character with a list of strings: ~300 ns per token, a third of a warm parse of WordPress. The
 * commonest tokens are read here directly, and the bodies of comments and strings are searched for their end and
 * then stepped over at once. Everything else goes to php-parser's own functions, as before. The lexer's state after
 * each token is the one php-parser's reading leaves: position, line and column (test/perf/parse.test.ts compares
 * every token of real code, whole and broken, with the stock lexer's).
 */
function scanInBulk(lexer: any): void {
  const tok = lexer.tok;
  // begin() and popState() looked the state's function up as `this["match" + state]`: a string built and hashed
  // on every `{`, `}` and `->`. The names are built once per state here.
  const matchNames = new Map<string, string>();
  const matcherOf = (lx: any, state: string) => {
    let name = matchNames.get(state);
    if (name === undefined) matchNames.set(state, (name = `match${state}`));
    const match = lx[name];
    if (typeof match !== 'function') throw new Error(`Undefined condition state "${state}"`);
    return match;
  };
  lexer.begin = function begin(this: any, state: string) {
    this.conditionStack.push(state);
    this.curCondition = state;
    this.stateCb = matcherOf(this, state);
    return this;
  };
  lexer.popState = function popState(this: any) {
    const stack = this.conditionStack;
    const left = stack.length > 1 ? stack.pop() : stack[0];
    this.curCondition = stack[stack.length - 1];
    this.stateCb = matcherOf(this, this.curCondition);
    return left;
  };
  // A name and a run of whitespace are read a character at a time through input(), each character then looked at
  // again and the first one past the end put back: the lexer's most common tokens. Here the end is found first and
  // the position moved once (a name holds no line end).
  lexer.consume_LABEL = function consume_LABEL(this: any) {
    const text = this._input;
    let at = this.offset;
    while (at < this.size && isLabelChar(text.charCodeAt(at))) at++;
    this.yylloc.last_column += at - this.offset;
    this.offset = at;
    leftAsIfReadAndPutBack(this);
    return this;
  };
  lexer.T_WHITESPACE = function T_WHITESPACE(this: any) {
    const text = this._input;
    let at = this.offset;
    for (let c = text.charCodeAt(at); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++at));
    stepTo(this, at);
    return tok.T_WHITESPACE;
  };
  const inScripting = lexer.matchST_IN_SCRIPTING;
  lexer.matchST_IN_SCRIPTING = function matchST_IN_SCRIPTING(this: any) {
    const text = this._input;
    const at = this.offset;
    const c = text.charCodeAt(at);
    if (c === 32 || c === 9 || c === 10 || c === 13) return this.T_WHITESPACE(); // reads the whole run
    if (isLabelStart(c)) return this.consume_LABEL().T_STRING();
    const loc = this.yylloc;
    if (c === 36 /* $ */ && isLabelStart(text.charCodeAt(at + 1))) {
      this.offset = at + 1;
      loc.last_column++;
      this.consume_LABEL();
      return tok.T_VARIABLE;
    }
    if (c === 45 /* - */ && text.charCodeAt(at + 1) === 62 /* > */) {
      this.offset = at + 2;
      loc.last_column += 2;
      this.begin('ST_LOOKING_FOR_PROPERTY');
      return tok.T_OBJECT_OPERATOR;
    }
    if (c === 39 /* ' */) {
      this.offset = at + 1;
      loc.last_column++;
      return this.T_CONSTANT_ENCAPSED_STRING();
    }
    if (c === 40 /* ( */) {
      // A cast (`(int)`) starts with a name or a space: php-parser reads on to see; anything else is a `(`. (After a
      // \r it puts back two characters, \r\n, which leaves another remembered column: left to it.)
      const next = text.charCodeAt(at + 1);
      if (next !== 32 && next !== 9 && next !== 13 && !isLabelStart(next)) {
        this.offset = at + 1;
        loc.last_column++;
        leftAsIfReadAndPutBack(this);
        return '(';
      }
    }
    if (OPERATOR_CHARACTERS.has(c)) {
      // What php-parser does with an operator character after comparing it with every other case: its function
      // (`=` for `==`, `=>` ...), or the character itself.
      this.offset = at + 1;
      loc.last_column++;
      return this.consume_TOKEN();
    }
    return inScripting.call(this);
  };
  // After the opening quote: up to and including the closing one, a backslash taking the character after it.
  lexer.T_CONSTANT_ENCAPSED_STRING = function T_CONSTANT_ENCAPSED_STRING(this: any) {
    const text = this._input;
    const size = this.size;
    let at = this.offset;
    while (at < size) {
      const c = text.charCodeAt(at++);
      if (c === 92 /* \ */) at++;
      else if (c === 39 /* ' */) break;
    }
    stepTo(this, Math.min(at, size));
    return tok.T_CONSTANT_ENCAPSED_STRING;
  };
  // `//` or `#` to the end of the line (the line end included), or to a `?>` (or `%>` in ASP tag mode), left out.
  lexer.T_COMMENT = function T_COMMENT(this: any) {
    const text = this._input;
    const size = this.size;
    const closer = this.aspTagMode ? 37 /* % */ : 63; /* ? */
    let at = this.offset;
    while (at < size) {
      const c = text.charCodeAt(at);
      if (c === 10 || c === 13) {
        at += c === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 1;
        break;
      }
      if (c === closer && text.charCodeAt(at + 1) === 62 /* > */) break;
      at++;
    }
    stepTo(this, at);
    return tok.T_COMMENT;
  };
  // After `/*`: a doc comment when `/**` is followed by whitespace; `/**/` is a plain comment that ends there.
  lexer.T_DOC_COMMENT = function T_DOC_COMMENT(this: any) {
    let token = tok.T_COMMENT;
    if (this.input() === '*') {
      const after = this.input();
      if (this.is_WHITESPACE()) token = tok.T_DOC_COMMENT;
      if (after === '/') return token;
      this.unput(1);
    }
    const close = this._input.indexOf('*/', this.offset);
    stepTo(this, close < 0 ? this.size : close + 2);
    return token;
  };
  // A name: its keyword, or T_STRING. php-parser's own reading also looks at the character after the name (a `\`
  // continues it) by reading it and putting it back; here it is only looked at. `yield` (`yield from`), `b` (b'...'
  // strings), `enum` and names continued by a `\` go to php-parser's.
  const readWord = lexer.T_STRING;
  lexer.T_STRING = function T_STRING(this: any) {
    const word = this.yytext.toLowerCase();
    const next = this._input.charCodeAt(this.offset);
    if (next === 92 /* \ */ || word === 'yield' || word === 'b' || word === 'enum') return readWord.call(this);
    const id = this.keywords[word];
    leftAsIfReadAndPutBack(this);
    return typeof id === 'number' ? id : tok.T_STRING;
  };
}

/** php-parser ends a name by reading the character after it and putting it back. Reading a line end remembers the
 * column it ended (yyprevcol, for putting it back); looking at the character instead leaves what that leaves. */
function leftAsIfReadAndPutBack(lexer: any): void {
  const next = lexer._input.charCodeAt(lexer.offset);
  if (next === 10 || next === 13) lexer.yyprevcol = lexer.yylloc.last_column;
}

/** The characters php-parser's lexer reads as operators and punctuation (its list, less `.` `/` `?` `%`, which it
 * looks at first: a number, a comment, `?>`, `%>`). */
const OPERATOR_CHARACTERS: ReadonlySet<number> = new Set([...';:,\\[]()|^&+-*=!~$<>@'].map((c) => c.charCodeAt(0)));

/** Moves the lexer to `end` as reading each character with input() would: lines counted at \n, \r and \r\n (one
 * line end), columns from the last one. */
function stepTo(lexer: any, end: number): void {
  const text = lexer._input;
  const loc = lexer.yylloc;
  let column = loc.last_column;
  let line = lexer.yylineno;
  let before = -1; // the column before the last line end stepped over
  for (let at = lexer.offset; at < end;) {
    const c = text.charCodeAt(at++);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(at) === 10) at++;
      line++;
      before = column;
      column = 0;
    } else column++;
  }
  if (before >= 0) {
    lexer.yylineno = loc.last_line = line;
    lexer.yyprevcol = before;
  }
  loc.last_column = column;
  lexer.offset = end;
}

function isLabelStart(c: number): boolean {
  return (c > 96 && c < 123) || (c > 64 && c < 91) || c === 95 || c > 126;
}

/** What php-parser's lexer counts as part of a name: ASCII letters, digits, `_`, and everything above `~`. */
function isLabelChar(c: number): boolean {
  return isLabelStart(c) || (c > 47 && c < 58);
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
  const ENUM = lexer.tok.T_ENUM;
  lexer.T_STRING = function T_STRING(this: any) {
    // `enum` is a keyword only before a name (not `extends`/`implements`); php-parser's look at that name loops
    // forever when `enum` is the last word of the input (typing `enum` at the end of a class). Looked at here.
    // The token text is a slice of the input each time it is read (tokenTextFromInput): read only for a word of
    // four characters, the token running from its first offset to the lexer's.
    if (this.offset - this.yylloc.first_offset === 4 && this.yytext.toLowerCase() === 'enum' && this.version >= 801) {
      let at = this.offset;
      while (this._input[at] === ' ') at++;
      const label = /^[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*/.exec(this._input.slice(at, at + 64))?.[0].toLowerCase();
      return label && label !== 'extends' && label !== 'implements' ? ENUM : NAME;
    }
    const token = readName.call(this);
    return token === READONLY && parenthesisFollows(this._input, this.offset) ? NAME : token;
  };
  // Error recovery can stop consuming input: `namespace N;` inside a function body makes php-parser 3.7 loop
  // forever, allocating nodes until the process runs out of memory. A statement that consumed nothing skips one
  // token (the error is already recorded), and a node budget proportional to the input stops any other such loop.
  // (These wrappers run for every statement and expression: they pass the arguments the wrapped methods take,
  // none or two, as they are, not through a rest array.)
  for (const name of ['read_inner_statement', 'read_top_statement']) {
    const read = parser[name];
    parser[name] = function readAndAdvance(this: any) {
      const offset = this.lexer.offset;
      const token = this.token;
      const result = read.call(this);
      if (this.lexer.offset === offset && this.token === token && token !== this.EOF && token !== '}') this.next();
      return result;
    };
  }
  const node = parser.node;
  parser.node = function budgetedNode(this: any, name: string) {
    if (--this.nodeBudget < 0) {
      throw Object.assign(new Error('the parser stopped making progress here'), { offset: this.lexer.yylloc?.first_offset ?? 0 });
    }
    return node.call(this, name);
  };
  const parse = parser.parse;
  parser.parse = function parseWithBudget(this: any, code: string, fileName: string) {
    this.nodeBudget = 8 * code.length + 10000;
    this.stoppedAt = undefined;
    this.raised = 0;
    return parse.call(this, code, fileName);
  };
  // Garbage (a megabyte of random tokens) makes php-parser recover from an error every few characters, for
  // seconds. After MAX_RECOVERED_ERRORS the lexer reports the end of the input: the parser closes what it has open
  // and returns the statements read so far; the errors it meets at that artificial end are not the user's.
  const raiseError = parser.raiseError;
  parser.raiseError = function raiseErrorUpToCap(this: any, ...args: unknown[]) {
    const node = raiseError.apply(this, args);
    this.raised++;
    this.lastError = node;
    if (this.stoppedAt !== undefined) this._errors.pop();
    else if (this._errors.length >= this.maxErrors) {
      this.stoppedAt = this.lexer.yylloc.first_offset;
      this.lexer.done = true;
    }
    return node;
  };
  // Where an expression or a variable is expected but the token cannot start one (`(` then `)`, `;`, `}`, `&` or
  // the end), the parser records the error and returns nothing; its callers then set `parenthesizedExpression` on,
  // or read `kind` of, undefined and throw a TypeError that costs the whole file its AST. The error node (recorded,
  // or past the cap only raised) stands in for the missing piece.
  for (const name of ['read_expr_item', 'read_variable']) {
    const read = parser[name];
    parser[name] = function readOrErrorNode(this: any, readOnly?: unknown, encapsed?: unknown) {
      const raised = this.raised;
      const result = read.call(this, readOnly, encapsed);
      return result === undefined && this.raised > raised ? this.lastError : result;
    };
  }
  // A chain of left-associative operators (`$a . $b . $c ...`) is read right to left, and each operator then rotates
  // its left operand down the whole chain built so far, moving every node's start: quadratic, 2.6 s for a chain of
  // 8,000 `.`. The bottom of each chain (the node whose left operand is the chain's first) and one start position
  // shared by the chain's nodes are remembered, so the next operand goes in at once. Same tree, same positions.
  const ast = parser.ast;
  const precedence: Record<string, number> = ast.constructor.precedence;
  const resolvePrecedence = ast.resolvePrecedence;
  const chains = new WeakMap<object, { bottom: any; start: any; level: number }>();
  const levelOf = (n: any): number => (n?.kind === 'bin' && !n.parenthesizedExpression && !ast.isRightAssociative(n.type) ? precedence[n.type] ?? 0 : 0);
  ast.resolvePrecedence = function resolveAlongChain(this: any, result: any, parser: any) {
    const root = result.kind === 'bin' ? result.right : null;
    const chain = root ? chains.get(root) : undefined;
    const level = levelOf(result);
    if (chain && level >= chain.level && !root.parenthesizedExpression && result.loc && root.loc.start === chain.start && chain.bottom.loc.start === chain.start) {
      // As the rotation does at each level: the operator takes the bottom's left operand as its right one.
      result.right = chain.bottom.left;
      this.swapLocations(result, result.left, result.right, parser);
      const operand = resolvePrecedence.call(this, result, parser);
      chain.bottom.left = operand;
      Object.assign(chain.start, operand.loc.start);
      if (levelOf(operand) === chain.level) {
        operand.loc.start = chain.start;
        chain.bottom = operand;
      }
      return root;
    }
    const out = resolvePrecedence.call(this, result, parser);
    const chainLevel = levelOf(out);
    if (chainLevel && out !== result && levelOf(out.left) === chainLevel && out.loc) {
      // A rotation made a chain: its nodes share one start from now on.
      let bottom = out;
      while (levelOf(bottom.left) === chainLevel && bottom.left.loc) bottom = bottom.left;
      const start = Object.assign(Object.create(Object.getPrototypeOf(bottom.loc.start)), bottom.loc.start);
      for (let n = out; ; n = n.left) {
        n.loc.start = start;
        if (n === bottom) break;
      }
      chains.set(out, { bottom, start, level: chainLevel });
    }
    return out;
  };
  // PHP ends no statement at the end of the input (`<?php f()` is "unexpected end of file"; `?>` counts as `;`), but
  // php-parser accepts it: a `//` typed into the middle of `$conf->set(...);` left a statement region that parsed.
  const expectEndOfStatement = parser.expectEndOfStatement;
  parser.expectEndOfStatement = function expectEndBeforeEof(this: any, node?: unknown) {
    if (this.token === this.EOF) {
      this.error(';');
      return false;
    }
    return expectEndOfStatement.call(this, node);
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

/**
 * Every field a node of each php-parser kind can have, in the order php-parser sets it: the order Object.keys gives
 * on that node, found once instead of an array per node each time a walk visits it (that array was a seventh of
 * everything a WordPress check allocated). Each kind's constructor is run with every argument given, because some
 * set a field only when given one (`clone`'s `properties`, `literal`'s `raw`), and `attrGroups`, which the parser
 * sets after building classes, functions, closures and the like, closes the list where the constructor does not
 * set it. test/perf/childKeys.test.ts holds the lists to Object.keys on every node of the corpora.
 */
export function fieldsOfKinds(): Map<string, string[]> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const AST = require('php-parser/src/ast');
  const out = new Map<string, string[]>();
  for (const [kind, Kind] of Object.entries<any>(AST.prototype)) {
    if (typeof Kind !== 'function' || Kind.kind !== kind) continue;
    const keys = fieldsWhenGivenEverything(Kind);
    if (!keys) continue; // walked by its own keys
    if (!keys.includes('attrGroups')) keys.push('attrGroups');
    out.set(kind, keys);
  }
  return out;
}

/** A node of `Kind` built with a truthy value for every argument (lists for most; names for the constructors
 * that read a string or iterate one), or null if neither builds. */
function fieldsWhenGivenEverything(Kind: any): string[] | null {
  for (const make of [(): unknown => [1], (): unknown => 'x']) {
    try {
      return Object.keys(new Kind(...Array.from({ length: 16 }, make)));
    } catch { /* the other argument shape */ }
  }
  return null;
}

// php-parser's Position and Location: nodes built here must be the very objects it builds.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Position = require('php-parser/src/ast/position');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Location = require('php-parser/src/ast/location');

/**
 * php-parser starts every node with `parser.node(kind)`, which returns a builder function that is later called with
 * the node's fields. Each builder cost three closures, a bound function (to attach comments when the node is built),
 * an arguments array grown twice and a lookup of the constructor; nodes that are started and dropped cost as much.
 * The builders made here take a tenth to a fifth off the parse of WordPress (2.5 s -> 2.05-2.35 s warm, 3.7 s ->
 * 3.1 s cold, bench/README.md). They do the same work, in
 * the same order, with one closure and one `destroy` closure, and call the constructor with its arguments as they
 * are. The trees are identical, positions and comments included (test/perf/parse.test.ts compares them with
 * php-parser's own on real code).
 */
function leanNodeBuilders(engine: Engine): void {
  const parser = (engine as any).parser;
  const ast = parser.ast;
  const withPositions = ast.withPositions || ast.withSource;
  const withSource = ast.withSource;
  // The last builder made without a kind or comments. read_expr and read_expr_item each start one at the same token
  // for every expression, and most are dropped unbuilt (1.3 M of 1.6 M on WordPress); such a builder depends only on
  // the parser and where it starts, so the next one asked for at the same place is the same builder. (The parser is
  // this engine's one, and whether it attaches comments is the engine's setting: only the start can differ. Kept in
  // plain variables: a record per builder made would cost what the reuse saves.)
  let kindless: any = null;
  let kindlessLine = 0;
  let kindlessColumn = 0;
  let kindlessOffset = -1;
  // Every builder works for this engine's one parser, read from this scope (not a slot in each builder's closure).
  const builder = (kind: string | null, docs: unknown[] | null, attachComments: boolean) => {
    // Where the node starts, as numbers: its Position is made when it is built (many builders are dropped unbuilt,
    // one for every expression read_expr starts).
    const yylloc = parser.lexer.yylloc;
    const startLine = yylloc.first_line;
    const startColumn = yylloc.first_column;
    const startOffset = yylloc.first_offset;
    const reusable = !kind && !docs;
    if (reusable && kindlessOffset === startOffset && kindlessLine === startLine && kindlessColumn === startColumn) return kindless;
    const result: any = function build(this: unknown) {
      let location = null;
      if (withPositions) {
        const prev = parser.prev;
        let nodeStart = new Position(startLine, startColumn, startOffset);
        let nodeEnd = new Position(prev[0], prev[1], prev[2]);
        // As php-parser does: no token consumed between node() and the build (a noop in an empty block).
        if (nodeStart.offset > nodeEnd.offset) {
          const swap = nodeStart;
          nodeStart = nodeEnd;
          nodeEnd = swap;
        }
        location = new Location(withSource ? parser.lexer._input.substring(nodeStart.offset, nodeEnd.offset) : null, nodeStart, nodeEnd);
      }
      const n = arguments.length;
      let astNode: any;
      if (kind) {
        const Kind = ast[kind];
        if (typeof Kind !== 'function') throw new Error('Undefined node "' + kind + '"');
        const a = arguments;
        switch (n) {
          case 0: astNode = new Kind(docs, location); break;
          case 1: astNode = new Kind(a[0], docs, location); break;
          case 2: astNode = new Kind(a[0], a[1], docs, location); break;
          case 3: astNode = new Kind(a[0], a[1], a[2], docs, location); break;
          case 4: astNode = new Kind(a[0], a[1], a[2], a[3], docs, location); break;
          case 5: astNode = new Kind(a[0], a[1], a[2], a[3], a[4], docs, location); break;
          case 6: astNode = new Kind(a[0], a[1], a[2], a[3], a[4], a[5], docs, location); break;
          default: astNode = new Kind(...Array.prototype.slice.call(a), docs, location);
        }
      } else {
        // A builder whose kind comes as its first argument (`this.node()("bin", ...)`). php-parser's keeps that kind
        // for a second call; no caller makes one, and a reused builder must not remember its last call.
        const args = Array.prototype.slice.call(arguments);
        const named = args.shift();
        const Kind = ast[named];
        if (typeof Kind !== 'function') throw new Error('Undefined node "' + named + '"');
        astNode = new Kind(...args, docs, location);
      }
      if (attachComments) attachTrailingComments(parser, astNode);
      // php-parser's resolvePrecedence returns every other kind of node as it is.
      return PRECEDENCE_KINDS.has(astNode.kind) ? ast.resolvePrecedence(astNode, parser) : astNode;
    };
    // Dropping a node hands its comments back (or to `target`); a node without comments has nothing to hand.
    result.destroy = docs ? (target?: any) => {
      if (!target) parser._docIndex = parser._docs.length - docs.length;
      else if (!target.leadingComments) target.leadingComments = docs;
      else target.leadingComments = docs.concat(target.leadingComments);
    } : destroyWithoutComments;
    if (reusable) {
      kindless = result;
      kindlessLine = startLine;
      kindlessColumn = startColumn;
      kindlessOffset = startOffset;
    }
    return result;
  };
  ast.prepare = function prepare(kind: string, docs: unknown[] | null) {
    return builder(kind, docs, false);
  };
  // Where the last token consumed ends, written into the one array instead of a new one per token (130 MB per
  // WordPress check). php-parser's code that sets prev for a while (comments, error nodes) puts an array of its own
  // there and the old one back, and whoever reads prev copies the numbers at once.
  parser.next = function next(this: any) {
    if (this.token !== ';' || this.lexer.yytext === ';') {
      const loc = this.lexer.yylloc;
      const prev = this.prev;
      if (prev) {
        prev[0] = loc.last_line;
        prev[1] = loc.last_column;
        prev[2] = this.lexer.offset;
      } else this.prev = [loc.last_line, loc.last_column, this.lexer.offset];
    }
    this.lex();
    if (this.debug) this.showlog();
    if (this.extractDoc) {
      while (this.token === this.tok.T_COMMENT || this.token === this.tok.T_DOC_COMMENT) {
        this._docs.push(this.token === this.tok.T_COMMENT ? this.read_comment() : this.read_doc_comment());
      }
    }
    return this;
  };
  parser.node = function node(this: any, name: string) {
    if (!this.extractDoc) return builder(name, null, false);
    let docs = null;
    if (this._docIndex < this._docs.length) {
      docs = this._docs.slice(this._docIndex);
      this._docIndex = this._docs.length;
    }
    return builder(name, docs, true);
  };
}

function destroyWithoutComments(): void {}

/** The kinds php-parser's resolvePrecedence (and correctParser's resolveAlongChain around it) rearranges. */
const PRECEDENCE_KINDS = new Set(['call', 'propertylookup', 'nullsafepropertylookup', 'staticlookup', 'offsetlookup', 'bin',
  'silent', 'cast', 'unary', 'retif', 'assign', 'expressionstatement']);

/** What php-parser's per-node `postBuild` does: comments read since the last node built trail that node, and the
 * comments left at the end of the input trail the last one. */
function attachTrailingComments(p: any, node: any): void {
  if (p._docIndex < p._docs.length) {
    if (p._lastNode) {
      const offset = p.prev[2];
      let max = p._docIndex;
      for (; max < p._docs.length; max++) if (p._docs[max].offset > offset) break;
      if (max > p._docIndex) {
        p._lastNode.setTrailingComments(p._docs.slice(p._docIndex, max));
        p._docIndex = max;
      }
    } else if (p.token === p.EOF) {
      node.setTrailingComments(p._docs.slice(p._docIndex));
      p._docIndex = p._docs.length;
    }
  }
  p._lastNode = node;
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

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
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
