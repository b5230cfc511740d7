// What any parser that gives php-parser's trees must spend at least, measured apart on WordPress: reading the tokens
// (the lexer the parse uses, nothing built) and making the trees (every node with its fields, Location and two
// Positions, as objects copied from trees already parsed: no token read, no decision taken). Against the check's
// parse, their sum shows the most a faster parser of the same trees could win. Bundled by bench/run.mjs; run as
// `node parseBounds.cjs PATH`, prints `{ parse, lex, trees }` (ms, warm) as JSON. Only the check's parser engine
// (no comments kept) runs in this process, as in a check.
import { readFileSync } from 'node:fs';
import { countTokens, fieldsOfKinds, parsePhp, type Node } from '../../server/src/core/parse';
import { collectFiles } from '../../server/src/check';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Position = require('php-parser/src/ast/position');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Location = require('php-parser/src/ast/location');

const FIELDS = fieldsOfKinds();
type Copier = (node: Node) => Node;
const copiers = new Map<string, Copier>();

/** A copy of a tree made as a parser makes one: a new object per node, its fields set in php-parser's order. */
function copyTree(value: any): any {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyTree(value[i]);
    return out;
  }
  if (typeof value.kind !== 'string') return value;
  let copier = copiers.get(value.kind);
  if (!copier) copiers.set(value.kind, (copier = copierFor(value)));
  return copier(value);
}

// One object literal per kind (its fields known when the copier is made): each copy is an allocation, not a loop.
function copierFor(node: Node): Copier {
  const fields = (FIELDS.get(node.kind) ?? Object.keys(node)).filter((k) => k !== 'kind' && k !== 'loc');
  const body = fields.map((k) => `${JSON.stringify(k)}: copy(n[${JSON.stringify(k)}])`).join(', ');
  // eslint-disable-next-line no-new-func
  return new Function('copy', 'Position', 'Location', `return function (n) {
    const l = n.loc;
    const loc = l ? new Location(null, new Position(l.start.line, l.start.column, l.start.offset), new Position(l.end.line, l.end.column, l.end.offset)) : null;
    return { kind: n.kind, loc, ${body} };
  };`)(copyTree, Position, Location);
}

/** Milliseconds for `work` over every text, after a first pass over all of them (warm, as the parse table). */
function warm(texts: string[], work: (text: string, i: number) => unknown): number {
  texts.forEach(work);
  const started = performance.now();
  texts.forEach(work);
  return performance.now() - started;
}

const texts = collectFiles(process.argv.slice(2)).files.map((f) => readFileSync(f, 'utf8'));
const parse = warm(texts, (t) => parsePhp(t, 'x.php', undefined, { comments: false }));
const lex = warm(texts, (t) => countTokens(t));
let trees: unknown[] = texts.map((t) => parsePhp(t, 'x.php', undefined, { comments: false }).program);
const made = warm(texts, (_t, i) => copyTree(trees[i]));
trees = [];
process.stdout.write(`${JSON.stringify({ parse, lex, trees: made })}\n`);
