// Text that is not PHP (a megabyte of random tokens, a mutated file, a log saved as .php) must not keep the parser
// busy for seconds: php-parser 3.7 recovers from every error and keeps going, so parse.ts stops after
// MAX_RECOVERED_ERRORS and says so in one parse error. The inputs are generated here, seeded, not checked in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePhp, MAX_RECOVERED_ERRORS } from '../../server/src/core/parse';
import { PhpDocument } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';
import { requireCorpus } from '../perf/corpus';

const TOKENS = ['(', ')', '[', ']', '{', '}', ';', ',', '&', '$a', '=', '->', '::', 'fn', 'function', 'static', 'new', 'class', 'if',
  'else', 'foreach', 'as', 'return', 'echo', "'x'", '"y"', '1', 'A', '?', ':', '=>', '!', '-', '.', '/* c */', '// c\n', '\n', 'match',
  'list', 'array', 'yield', 'use', 'namespace', 'public', 'const', 'try', 'catch', '...', '??', 'instanceof', '"$a"', 'switch', 'case'];

function randomTokens(seed: number, bytes: number, separator: string): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const parts = ['<?php '];
  let length = 6;
  while (length < bytes) {
    const token = TOKENS[Math.floor(next() * TOKENS.length)] + separator;
    parts.push(token);
    length += token.length;
  }
  return parts.join('');
}

test('a megabyte of random tokens stops after MAX_RECOVERED_ERRORS with one error that says parsing stopped', () => {
  for (const [seed, separator] of [[1, ' '], [2, ''], [3, '\n']] as const) {
    const text = randomTokens(seed, 1 << 20, separator);
    const { program, errors } = parsePhp(text);
    assert.equal(program.kind, 'program');
    assert.equal(errors.length, MAX_RECOVERED_ERRORS, `seed ${seed}: errors recovered before stopping`);
    assert.equal(errors[0].stopped, true);
    assert.match(errors[0].message, /stopped parsing after 1000 syntax errors \(the last at line \d+\) and did not read the rest of the file/);
    assert.ok(errors.slice(1).every((e) => !e.stopped), 'one error says so, the first (the one a diagnostic shows)');
    // It stopped early in the text: the rest of the megabyte was never parsed.
    assert.ok(Math.max(...errors.map((e) => e.start)) < text.length / 10, `seed ${seed}: last error at ${Math.max(...errors.map((e) => e.start))}`);
  }
});

test('closing brackets only (two errors a character) and a megabyte of `if(` stop the same way', () => {
  const inputs = ['<?php ' + ')'.repeat(1 << 20), '<?php ' + 'if('.repeat(350_000)];
  for (const text of inputs) {
    const { errors } = parsePhp(text);
    assert.equal(errors.length, MAX_RECOVERED_ERRORS);
    assert.equal(errors[0].stopped, true);
  }
});

test('the editor and the CLI show the stopped parse as the file\'s one diagnostic', () => {
  const text = randomTokens(4, 1 << 20, ' ');
  const findings = new PhpDocument(text, 'garbage.php').findings(defaultSettings);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].rule, 'php.parseError');
  assert.equal(findings[0].severity, 'error');
  assert.match(findings[0].message, /MemLens stopped parsing after 1000 syntax errors/);
});

test('a real file with a typing slip still shows its first error where the slip is, stopped or not', () => {
  // A stray `"` turns the rest of a file inside out: over a thousand errors, of which the first is the one shown;
  // a heredoc runs to its label (66 lines on).
  const text = readFileSync(`${requireCorpus('wordpress')}/wp-includes/formatting.php`, 'utf8');
  let stopped = 0;
  for (const slip of ['<<<EOT\n', "'", '"', '{', '(']) {
    for (const at of [0.3, 0.6, 0.9]) {
      const offset = text.indexOf('\n', Math.floor(text.length * at)) + 1;
      const { errors } = parsePhp(text.slice(0, offset) + slip + text.slice(offset));
      assert.ok(errors.length > 0 && errors.length <= MAX_RECOVERED_ERRORS, `${JSON.stringify(slip)} at ${at}: ${errors.length} errors`);
      // Not before the slip, and not at the line where parsing stopped.
      assert.ok(errors[0].start >= offset, `${JSON.stringify(slip)} at ${at}: first error before the slip`);
      assert.ok(!errors[0].stopped || errors[0].start < errors[errors.length - 1].start, `${JSON.stringify(slip)} at ${at}: the first error is where it stopped`);
      if (errors[0].stopped) stopped++;
    }
  }
  assert.ok(stopped < 3, `${stopped} of 15 slips stopped the parse`);
});

test('a lexer error carries the offset where the lexer stopped, not the start of the file', () => {
  const text = '<?php\n$a = 1;\n#[?x\n';
  const { errors } = parsePhp(text);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /Bad terminal sequence/);
  assert.ok(errors[0].start > 6, `error at ${errors[0].start}`);
});
