// The incremental document must give what a full parse of the same text gives: after every random edit sequence
// on real files (typing, deleting, pasting, broken intermediate states), the AST offsets, the parse-error state and
// the findings equal those of a fresh PhpDocument, and undoing the edits gives back the original exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PhpDocument, type TextEdit } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';
import { requireCorpus, read, random, sameTree, agrees } from './corpus';

const SNIPPETS = ['x', '$', ';', '{', '}', '(', ')', "'", '"', '/*', '*/', '//', '\n', ' ', '$a = 1;', 'foo($b);', 'if ($c) {', '}\n',
  'function g() { return 1; }', 'public $p;', '->', '?>', '<?php ', 'namespace N;', '#[Attr]', '<<<EOT\nx\nEOT;\n', '/** doc */'];

interface Scenario { file: string; seed: number; edits: number; findingsEvery: number; }

/** Runs a scenario; returns how many valid (error-free) states were compared node by node. */
function run({ file, seed, edits, findingsEvery }: Scenario): number {
  const original = read(file);
  const doc = new PhpDocument(original, file);
  const rand = random(seed);
  let text = original;
  let validStates = 0;
  const undo: TextEdit[] = [];
  const check = (where: string, withFindings: boolean) => {
    assert.equal(doc.text, text, where);
    const fresh = agrees(doc, `after ${where}`);
    if (fresh) {
      validStates++;
      if (withFindings) assert.deepEqual(doc.findings(defaultSettings), fresh.findings(defaultSettings), `findings differ after ${where}`);
    }
  };
  const apply = (edit: TextEdit) => {
    const inverse = { start: edit.start, end: edit.start + edit.text.length, text: text.slice(edit.start, edit.end) };
    doc.update([edit]);
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    return inverse;
  };
  // Edits cluster around a few spots, as typing does, so the member and statement paths are exercised repeatedly.
  const spots = [0.2, 0.5, 0.8].map((f) => Math.floor(text.length * f));
  for (let step = 0; step < edits; step++) {
    const spot = spots[Math.floor(rand() * spots.length)];
    let start = Math.min(text.length, Math.max(0, spot + Math.floor((rand() - 0.5) * 400)));
    let insert: string;
    let end = start;
    if (rand() < 0.4) {
      // Usually valid: whitespace or a comment at a line start, or a statement at a statement's indentation.
      start = text.lastIndexOf('\n', start) + 1;
      while (text[start] === '\t' || text[start] === ' ') start++;
      end = start;
      insert = ['\n', ' ', '/* memlens */ ', '// x\n', '$memlens = 1;\n'][Math.floor(rand() * 5)];
    } else {
      end = Math.min(text.length, start + (rand() < 0.4 ? Math.floor(rand() * 12) : 0));
      insert = rand() < 0.8 ? SNIPPETS[Math.floor(rand() * SNIPPETS.length)] : '';
    }
    const edit = { start, end, text: insert };
    if (process.env.MEMLENS_TRACE) console.error(`${file} seed ${seed} step ${step} ${JSON.stringify(edit)}`);
    const inverse = apply(edit);
    const where = `${file} seed ${seed} step ${step} ${JSON.stringify(edit)}`;
    check(where, step % findingsEvery === 0);
    // Most edits are taken back at once (typing then fixing), so valid and broken states alternate.
    if (rand() < 0.6) {
      apply(inverse);
      check(`${where} undone`, false);
    } else undo.push(inverse);
  }
  for (const edit of undo.reverse()) apply(edit);
  assert.equal(doc.text, original);
  const fresh = new PhpDocument(original, file);
  sameTree(doc.statements(), fresh.statements(), `after undoing ${file} seed ${seed}`);
  assert.deepEqual(doc.findings(defaultSettings), fresh.findings(defaultSettings));
  return validStates;
}

test('incremental parse equals a full parse under random edits on WordPress classes and functions', () => {
  const wp = requireCorpus('wordpress');
  let valid = 0;
  for (const [rel, seeds] of [['wp-includes/class-wp-hook.php', [1, 2, 3, 4]], ['wp-includes/class-wp-post.php', [5, 6]], ['wp-includes/functions.wp-styles.php', [7, 8]]] as const) {
    for (const seed of seeds) valid += run({ file: join(wp, rel), seed, edits: 60, findingsEvery: 10 });
  }
  // The comparison is only as good as the valid states it reached; a generator that only breaks files proves little.
  assert.ok(valid > 60, `only ${valid} valid states compared`);
});

test('incremental parse equals a full parse on Symfony and Laravel code (namespaces, attributes, closures)', () => {
  const symfony = requireCorpus('symfony');
  const laravel = requireCorpus('laravel');
  let valid = 0;
  for (const [file, seed] of [[join(symfony, 'Component/HttpFoundation/Cookie.php'), 11], [join(symfony, 'Component/HttpFoundation/HeaderBag.php'), 14], [join(laravel, 'Collections/Arr.php'), 12], [join(laravel, 'Support/Str.php'), 13]] as const) {
    valid += run({ file, seed, edits: 40, findingsEvery: 20 });
  }
  assert.ok(valid > 40, `only ${valid} valid states compared`);
});

test('typing into a large method re-parses a statement, not the class (class-wp-query.php)', () => {
  const file = join(requireCorpus('wordpress'), 'wp-includes/class-wp-query.php');
  const text = read(file);
  const doc = new PhpDocument(text, file);
  const line = /\n(\t\t)\$/g;
  line.lastIndex = text.length >> 1;
  const at = line.exec(text)!.index + 3;
  // Quotes and comment markers take a full parse (they can move token boundaries past the method); code does not.
  const typed = '$memlens_probe = count($args) + 1;';
  const sizes: number[] = [];
  for (let i = 0; i < typed.length; i++) {
    doc.update([{ start: at + i, end: at + i, text: typed[i] }]);
    sizes.push(doc.lastReparsedBytes);
  }
  const expected = text.slice(0, at) + typed + text.slice(at);
  assert.equal(doc.text, expected);
  sameTree(doc.statements(), new PhpDocument(expected, file).statements(), 'after typing');
  // After the first keystroke (which tiles the class and the method), each one re-parses a few hundred bytes.
  assert.ok(Math.max(...sizes.slice(1)) < 4096, `re-parsed ${Math.max(...sizes.slice(1))} bytes for one keystroke`);
});
