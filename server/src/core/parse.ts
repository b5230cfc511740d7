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
    // php-parser throws (even with suppressErrors) on some lexer states; keep the file, report the error.
    const offset = typeof err?.offset === 'number' ? err.offset : lineToOffset(text, err?.lineNumber);
    return {
      program: { kind: 'program', children: [], errors: [], loc: null },
      errors: [{ message: cleanMessage(String(err?.message ?? err)), start: offset, end: offset + 1 }],
    };
  }
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
