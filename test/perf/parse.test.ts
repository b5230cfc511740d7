// php-parser 3.7 rejects or loops on PHP that `php -l` accepts; parse.ts corrects that on its engine. Every snippet
// here is first shown to be valid PHP by real PHP 8.2, then must parse with no error; and no file of WordPress
// gets a parse error that `php -l` does not also report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePhp, lexedTokens, countTokens, type ParseOptions } from '../../server/src/core/parse';
import { requireCorpus, read, phpFilesUnder } from './corpus';

function phpLint(path: string): boolean {
  const r = spawnSync('php', ['-l', path], { encoding: 'utf8' });
  if (r.error) throw new Error('php is missing: run scripts/ensure-php.sh (apt-get install php8.2-cli)');
  return r.status === 0;
}

const VALID = {
  'print with an interpolated string as an argument': '<?php f(print "$a x");',
  'include with an interpolated path as an argument (MediaWiki ServiceWiring.php)': '<?php $rl->register(include "$baseDir/resources/Resources.php");',
  'require_once with braces in a later argument': '<?php g(1, require_once "{$dir}/x.php");',
  'a function named readonly (WordPress php-compat/readonly.php)': '<?php function readonly( $readonly, $current = true, $echo = true ) { return 1; }',
  'a call to readonly()': '<?php readonly($a, true);',
  'readonly before ( after a comment': '<?php function readonly /* compat */ () {}',
  'clone with parentheses': '<?php $copy = clone($original);',
  'a named argument whose name is a keyword': '<?php f(print: 1, class: 2);',
  'a heredoc argument with interpolation': '<?php f(print <<<EOT\nhello $name\nEOT);',
  'a readonly class and a promoted readonly property': '<?php final readonly class P { public function __construct(public readonly int $x) {} }',
  'a readonly property': '<?php class A { public readonly string $name; }',
};

test('constructs php-parser 3.7 rejects parse without error, and php -l agrees they are valid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-parse-'));
  try {
    for (const [name, code] of Object.entries(VALID)) {
      const file = join(dir, 'snippet.php');
      writeFileSync(file, code);
      assert.ok(phpLint(file), `php -l rejects the snippet for "${name}"`);
      const { errors, program } = parsePhp(code);
      assert.deepEqual(errors, [], `${name}: ${errors[0]?.message}`);
      assert.ok(program.children.length > 0, `${name}: empty program`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fixes keep the AST right: readonly() is a call, print inside an argument is a print', () => {
  const call = parsePhp('<?php readonly($a);').program.children[0];
  assert.equal(call.kind, 'expressionstatement');
  assert.equal(call.expression.kind, 'call');
  assert.equal(call.expression.what.name, 'readonly');
  const fn = parsePhp('<?php function readonly() {}').program.children[0];
  assert.equal(fn.kind, 'function');
  assert.equal(fn.name.name, 'readonly');
  const args = parsePhp('<?php f(1, print "$a x");').program.children[0].expression.arguments;
  assert.deepEqual(args.map((a: any) => a.kind), ['number', 'print']);
  assert.equal(args[1].expression.kind, 'encapsed');
  const named = parsePhp('<?php f(print: 1);').program.children[0].expression.arguments[0];
  assert.equal(named.kind, 'namedargument');
  assert.equal(named.name, 'print');
  const cls = parsePhp('<?php readonly class A {}').program.children[0];
  assert.equal(cls.kind, 'class');
});

test('input on which php-parser never stops ends with a parse error (namespace inside a body)', () => {
  for (const code of ['<?php function f() { namespace N; }', '<?php class A { function f() { namespace N; } }', '<?php { namespace N; } $a = 1;']) {
    const started = Date.now();
    const { errors } = parsePhp(code);
    assert.ok(errors.length > 0, `no error for ${code}`);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms on ${code}`);
  }
  // The statements after the broken one are still read.
  const { program } = parsePhp('<?php function f() { namespace N; $b = 2; } $c = 3;');
  assert.deepEqual(program.children.map((n: any) => n.kind), ['function', 'expressionstatement']);
});

test('no parse error on a WordPress file that php -l accepts', () => {
  const wp = requireCorpus('wordpress');
  const files = phpFilesUnder(wp);
  assert.ok(files.length > 900, `only ${files.length} WordPress files found`);
  const falseErrors: string[] = [];
  for (const file of files) {
    const { errors } = parsePhp(read(file), file);
    if (errors.length && phpLint(file)) falseErrors.push(`${file}: ${errors[0].message}`);
  }
  assert.deepEqual(falseErrors, []);
});

test('a long chain of operators costs work in proportion to its length, with the tree the rotation gives', () => {
  // php-parser reads `$a . $b . $c` right to left and rotates each new left operand down the whole chain, moving
  // every node's start: 8,000 `.` took 2.6 s (a fuzz input, 10,000, over 5 s). parse.ts puts the operand in at the
  // chain's remembered bottom. Counted in location updates, not in time: linear work doubles with the length.
  const AST = require('php-parser/src/ast.js');
  const swap = AST.prototype.swapLocations;
  let swaps = 0;
  AST.prototype.swapLocations = function counted(this: unknown, ...args: unknown[]) {
    swaps++;
    return swap.apply(this, args);
  };
  try {
    const work = (n: number) => {
      swaps = 0;
      assert.deepEqual(parsePhp('<?php $x = ' + '$a . '.repeat(n) + '$b;').errors, []);
      return swaps;
    };
    const short = work(1000);
    const long = work(4000);
    assert.ok(long < 5 * short, `4x the chain took ${(long / short).toFixed(1)}x the location updates (quadratic: 16x)`);
  } finally {
    AST.prototype.swapLocations = swap;
  }
  // Left-deep, as PHP groups it; every node of the chain starts at `$a`, ends after its right operand.
  const code = '<?php $x = $a . $b . $c - $d + $e * $f;';
  const right = parsePhp(code).program.children[0].expression.right;
  const shape = (n: any): string => (n.kind === 'bin' ? `(${shape(n.left)} ${n.type} ${shape(n.right)})` : n.name);
  assert.equal(shape(right), '((((a . b) . c) - d) + (e * f))');
  const starts: number[] = [];
  const ends: string[] = [];
  for (let n = right; n.kind === 'bin'; n = n.left) {
    starts.push(n.loc.start.offset);
    ends.push(code.slice(n.loc.start.offset, n.loc.end.offset));
  }
  assert.deepEqual(starts, [11, 11, 11, 11]);
  assert.deepEqual(ends, ['$a . $b . $c - $d + $e * $f', '$a . $b . $c - $d', '$a . $b . $c', '$a . $b']);
});

test('a statement cut off by the end of the file is a syntax error, as php -l says', () => {
  // php-parser 3.7 takes the end of the input for a `;`; PHP reports "unexpected end of file". The incremental
  // document re-parses statements on their own, so it missed the error a `//` typed into `$conf->set(...);` makes.
  const dir = mkdtempSync(join(tmpdir(), 'memlens-parse-'));
  try {
    for (const code of ['<?php f()', '<?php $c // set', '<?php $a = 1; echo $a', '<?php use A\\B']) {
      const file = join(dir, 'cut.php');
      writeFileSync(file, code);
      assert.equal(phpLint(file), false, `php -l accepts ${code}`);
      assert.ok(parsePhp(code).errors.length > 0, `no error for ${code}`);
    }
    // `?>` ends a statement.
    assert.deepEqual(parsePhp('<?php f() ?>').errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The whole object graph of a parse, shared objects written as references (php-parser shares Position objects
 * between nodes, and the incremental document shifts each Position once), so two parses compare field by field. */
function graph(root: unknown): string {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const visit = (v: any) => {
    if (v === null || typeof v !== 'object') return void out.push(JSON.stringify(v) ?? 'undefined');
    const id = ids.get(v);
    if (id !== undefined) return void out.push(`#${id}`);
    ids.set(v, ids.size);
    out.push(Array.isArray(v) ? '[' : `{${v.constructor?.name}:`);
    for (const key of Object.keys(v)) {
      out.push(`${key}=`);
      visit(v[key]);
      out.push(',');
    }
    out.push(Array.isArray(v) ? ']' : '}');
  };
  visit(root);
  return out.join('');
}

/** Parses each variant of each file as MemLens does and with `stock` (one of php-parser's own pieces put back), the
 * variant's index choosing whether comments are kept: whole object graphs and errors must be the same. */
function compareWithStock(files: string[], variants: (text: string) => string[], stock: ParseOptions, comments: (v: number) => boolean): number {
  let compared = 0;
  for (const file of files) {
    variants(read(file)).forEach((variant, v) => {
      const ours = parsePhp(variant, file, undefined, { comments: comments(v) });
      const theirs = parsePhp(variant, file, undefined, { comments: comments(v), ...stock });
      if (graph(ours) !== graph(theirs)) assert.fail(`${file} (variant ${v}): the trees differ`);
      assert.deepEqual(ours.errors, theirs.errors, file);
      compared++;
    });
  }
  return compared;
}

const at = (text: string, share: number) => (text.length * share) | 0;
/** `text` with `what` inserted at `share` of its length. */
const insert = (text: string, share: number, what: string) => text.slice(0, at(text, share)) + what + text.slice(at(text, share));
const withQuoteHalfway = (text: string) => insert(text, 0.5, '"');

test('the lean node builders build the trees php-parser\'s own builders build, on real code whole and broken', () => {
  // Every sixth WordPress file, as it is and with a `"` inserted halfway (the error-recovery paths), with comments
  // attached as php-parser attaches them, and once more as a check parses it (no comments).
  const files = phpFilesUnder(requireCorpus('wordpress')).filter((_, i) => i % 6 === 0);
  assert.ok(files.length > 150);
  const compared = compareWithStock(files, (text) => [text, withQuoteHalfway(text), text], { stockBuilders: true }, (v) => v < 2);
  assert.equal(compared, files.length * 3);
});

test('the lean lexer (token text sliced from the input, bulk scans) gives the trees and errors php-parser\'s own lexer gives', () => {
  // Every twelfth WordPress file, as it is, with a `"` inserted halfway, cut in half, and with \r\n line ends (where
  // putting characters back and counting lines differ), with comments and without. (Run once over all four corpora
  // with five broken variants of every third file, 72,000 parses: no difference.)
  const files = phpFilesUnder(requireCorpus('wordpress')).filter((_, i) => i % 12 === 3);
  assert.ok(files.length > 75);
  const variants = (text: string) => [text, withQuoteHalfway(text), text.slice(0, text.length >> 1), text.replace(/\n/g, '\r\n')];
  const compared = compareWithStock(files, variants, { stockLexer: true }, (v) => v % 2 === 0);
  assert.equal(compared, files.length * 4);
});

test('the lean lexer leaves php-parser\'s lexer state after every token of real code, whole and broken', () => {
  // Token, text, position, line and column (first, last, previous), the remembered column of a line end, the state
  // stack: after each token as the stock lexer leaves them. Every eighth WordPress file and every fortieth Symfony
  // file; as they are, with a `"`, a `'` or a `/*` inserted, cut in half, with \r\n and with \r line ends. (Run once
  // over all four corpora, every file with those seven variants: 49 M tokens, no difference.)
  const files = [
    ...phpFilesUnder(requireCorpus('wordpress')).filter((_, i) => i % 8 === 1),
    ...phpFilesUnder(requireCorpus('symfony')).filter((_, i) => i % 40 === 7),
  ];
  assert.ok(files.length > 200);
  let tokens = 0;
  for (const file of files) {
    const text = read(file);
    const variants = [text, insert(text, 0.5, '"'), insert(text, 0.3, "'"), insert(text, 0.7, '/*'), text.slice(0, at(text, 0.5)),
      text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r')];
    variants.forEach((variant, v) => {
      const ours = lexedTokens(variant);
      const stock = lexedTokens(variant, { stockLexer: true });
      tokens += stock.length;
      const differs = stock.findIndex((line, i) => line !== ours[i]);
      if (differs >= 0 || ours.length !== stock.length) {
        const i = differs >= 0 ? differs : Math.min(ours.length, stock.length);
        assert.fail(`${file} (variant ${v}), token ${i}:\n  lean  ${ours[i]}\n  stock ${stock[i]}`);
      }
      // The bench's lexing-alone figure (countTokens) reads the same tokens: all of them but the end (or the throw).
      assert.equal(countTokens(variant), ours.length - 1, `${file} (variant ${v}): tokens counted`);
    });
  }
  assert.ok(tokens > 500_000, `${tokens} tokens`);
});
