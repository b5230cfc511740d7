// A string, comment or heredoc the user has opened and not yet closed makes the rest of the file read differently.
// The incremental document keeps the items after it as they are (Tile.open in document.ts): one error at the
// opening, a bounded re-parse per keystroke, and once the piece is closed, exactly what a full parse gives. When
// the text with the piece open still parses (it closes at a quote further on), it is parsed as a full parse does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PhpDocument } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';
import { requireCorpus, read, sameTree } from './corpus';

function sameAsFresh(doc: PhpDocument, where: string): void {
  const fresh = new PhpDocument(doc.text, doc.fileName);
  assert.deepEqual(doc.parseErrors, fresh.parseErrors, `parse errors ${where}`);
  sameTree(doc.statements(), fresh.statements(), where);
  assert.deepEqual(doc.findings(defaultSettings), fresh.findings(defaultSettings), `findings ${where}`);
}

/** Types `typed` at `offset` one character at a time; returns the bytes each keystroke re-parsed. */
function type(doc: PhpDocument, offset: number, typed: string, onKey?: (k: number) => void): number[] {
  const sizes: number[] = [];
  for (let k = 0; k < typed.length; k++) {
    doc.update([{ start: offset + k, end: offset + k, text: typed[k] }]);
    sizes.push(doc.lastReparsedBytes);
    onKey?.(k);
  }
  return sizes;
}

test('typing an unclosed string or heredoc into a large method re-parses the statement, not the rest of the file', () => {
  const wp = requireCorpus('wordpress');
  const cases = [
    { typed: "$memlens = 'abc';", opener: "'", what: /this string is not closed/ },
    { typed: '$memlens = "a $b c";', opener: '"', what: /this string is not closed/ },
    // php-parser's lexer ends an unterminated heredoc at the end of the text it is given, so the statement's own
    // re-parse reports it (as "expecting T_END_HEREDOC"): no open piece, but no re-parse to the end either.
    { typed: '$memlens = <<<EOT\nabc\nEOT;\n', opener: '<<<', what: null },
  ];
  for (const rel of ['wp-includes/formatting.php', 'wp-includes/class-wp-query.php']) {
    const file = join(wp, rel);
    const text = read(file);
    const line = /\n(\t+)\$/g;
    line.lastIndex = text.length >> 1;
    const hit = line.exec(text)!;
    const at = hit.index + 1 + hit[1].length;
    for (const { typed, opener, what } of cases) {
      const doc = new PhpDocument(text, file);
      doc.findings(defaultSettings);
      const open = at + typed.indexOf(opener);
      let sawOpen = 0;
      const sizes = type(doc, at, typed, () => {
        const errors = doc.parseErrors;
        if (errors.length === 1 && errors[0].start === open && what?.test(errors[0].message)) sawOpen++;
      });
      if (what) assert.ok(sawOpen > 0, `${rel}, ${JSON.stringify(typed)}: no error at the opening while it was open`);
      // Before, every keystroke with the piece open re-parsed from the method's chunk to the end of the file. (A `/*`
      // typed here closes at a `*/` further down the method and the file still parses, so its method is re-parsed.)
      assert.ok(Math.max(...sizes) < 16_384, `${rel}, ${JSON.stringify(typed)}: a keystroke re-parsed ${Math.max(...sizes)} bytes`);
      sameAsFresh(doc, `after typing ${JSON.stringify(typed)} into ${rel}`);
    }
  }
});

test('while a string is open, the declarations after it keep their findings', () => {
  const base = '<?php\nfunction f($x)\n{\n    $a = 1;\n    return $a;\n}\n\nfunction added($a)\n{\n    $a->me = $a;\n    return $a;\n}\n';
  const doc = new PhpDocument(base, 'f.php');
  const before = doc.findings(defaultSettings).filter((f) => f.rule !== 'php.parseError');
  assert.ok(before.length > 0, 'the later function has a finding');
  const at = base.indexOf('1;');
  doc.update([{ start: at, end: at, text: "'" }]);
  const during = doc.findings(defaultSettings);
  assert.deepEqual(during.filter((f) => f.rule === 'php.parseError').map((f) => f.start), [at]);
  assert.deepEqual(during.filter((f) => f.rule !== 'php.parseError').map((f) => [f.rule, f.start - 1]), before.map((f) => [f.rule, f.start]));
  doc.update([{ start: at + 2, end: at + 2, text: "'" }]);
  sameAsFresh(doc, 'after closing the string');
});

test('a quote that leaves the file parsing (it closes at a later quote) is parsed as a full parse does', () => {
  // With the `'` typed before 1, the strings pair up differently and the comment's `;}` ends the function: valid PHP.
  const base = "<?php\nfunction f()\n{\n    $a = 1;\n    $b = '.' . 2 . '.';\n}\n// ';}\n";
  const doc = new PhpDocument(base, 'f.php');
  doc.findings(defaultSettings);
  const at = base.indexOf('1;');
  doc.update([{ start: at, end: at, text: "'" }]);
  assert.deepEqual(doc.parseErrors, [], 'the text parses: no error');
  sameAsFresh(doc, 'after the quote');
});

test('a quote typed in another function that closes the open string is re-parsed with it', () => {
  // `$a = '1;` opens a string in f(); the `'` typed after g()'s `2` closes it, and g()'s `}` then closes f(): the
  // whole text is one valid function. Each function re-parsed on its own would call both broken.
  const base = '<?php\nfunction f()\n{\n    $a = 1;\n}\n\nfunction g()\n{\n    $b = 2;\n}\n';
  const doc = new PhpDocument(base, 'f.php');
  doc.findings(defaultSettings);
  const first = base.indexOf('1;');
  doc.update([{ start: first, end: first, text: "'" }]);
  assert.equal(doc.parseErrors.length, 1);
  assert.match(doc.parseErrors[0].message, /this string is not closed/);
  const second = base.indexOf('2;') + 2;
  doc.update([{ start: second, end: second, text: "'" }]);
  assert.deepEqual(doc.parseErrors, []);
  sameAsFresh(doc, 'after the closing quote in g()');
});
