// A file broken in several places stays incremental: each broken item (a member, a statement of a body) or a broken
// class header holds its own error while the other items keep their ASTs, and an edit re-parses only what it
// touched. Two broken places that are one edit in progress (`if ($a) {` above some statements, its `}` below them;
// `}\n\nclass B {` typed inside a class) are seen through a parse of the whole declaration, so whenever the text
// parses the document equals a full parse, and whenever it does not, the document says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PhpDocument } from '../../server/src/core/document';
import { requireCorpus, read, random, sameTree, agrees } from './corpus';

function insert(doc: PhpDocument, at: number, text: string): number {
  doc.update([{ start: at, end: at, text }]);
  return doc.lastReparsedBytes;
}

/** The offset of the start of the `n`th line (after its indentation) that matches `line` after `from`. */
function lineAt(text: string, line: RegExp, from = 0): number {
  const re = new RegExp(line.source, 'gm');
  re.lastIndex = from;
  const m = re.exec(text);
  assert.ok(m, `no line matching ${line} after ${from}`);
  return m.index + m[0].length - m[0].trimStart().length;
}

const XMLRPC = 'wp-includes/class-wp-xmlrpc-server.php'; // one 208 KB class

test('a class broken in two methods: typing in a third re-parses a statement, not the class', () => {
  const file = join(requireCorpus('wordpress'), XMLRPC);
  const text = read(file);
  const doc = new PhpDocument(text, file);
  // Break two methods near the top, then type in one far below them.
  insert(doc, lineAt(doc.text, /^\t\t\$this->methods = /), '(');
  insert(doc, lineAt(doc.text, /^\t\t\$this->blog_options = array\(/), '{');
  assert.ok(doc.parseErrors.length >= 2, 'both methods hold their error');
  const at = lineAt(doc.text, /^\t\t\$username = \$args\[1\];/, doc.text.length >> 1);
  const sizes = [...'$memlens = 1;'].map((c, k) => insert(doc, at + k, c));
  assert.ok(Math.max(...sizes) < 8192, `re-parsed ${Math.max(...sizes)} bytes for one keystroke in a class broken elsewhere`);
  agrees(doc, 'with two methods broken');
});

test('a broken class header keeps the members: typing `implements` re-parses the header, then equals a full parse', () => {
  const file = join(requireCorpus('wordpress'), XMLRPC);
  const doc = new PhpDocument(read(file), file);
  const brace = doc.text.indexOf(' {', doc.text.indexOf('class wp_xmlrpc_server extends IXR_Server'));
  const sizes = [...' implements Countabl'].map((c, k) => insert(doc, brace + k, c));
  // ` implements` alone does not parse: the header holds the error, the members stay.
  assert.ok(Math.max(...sizes) < 2048, `re-parsed ${Math.max(...sizes)} bytes for a keystroke in the header`);
  insert(doc, brace + ' implements Countabl'.length, 'e');
  assert.ok(!!agrees(doc, 'after `implements Countable`'), 'the header with `implements Countable` parses');
  // Typing in a method body right after: still one statement.
  const at = lineAt(doc.text, /^\t\t\$username = \$args\[1\];/, doc.text.length >> 1);
  assert.ok(insert(doc, at, '$m = 1; ') < 8192);
  agrees(doc, 'after typing in a method');
  // A class turned into an interface: its methods' bodies no longer parse; the whole class is parsed again.
  const kw = doc.text.indexOf('class wp_xmlrpc_server');
  doc.update([{ start: kw, end: kw + 5, text: 'interface' }]);
  agrees(doc, 'after class -> interface');
});

test('`if ($a) {` above some statements and its `}` below them parse as one edit', () => {
  const file = join(requireCorpus('wordpress'), 'wp-includes/class-wp-query.php');
  const doc = new PhpDocument(read(file), file);
  const first = lineAt(doc.text, /^\t\t\$this->query_vars\s+= \$this->fill_query_vars/);
  insert(doc, first, 'if ( $memlens ) {\n');
  assert.ok(doc.parseErrors.length > 0, 'the open `{` is an error until it is closed');
  // Another statement breaks further down, and is fixed again (two broken items at once).
  const other = lineAt(doc.text, /^\t\t\$qv\s+= &\$this->query_vars;/, first);
  insert(doc, other, '$x = (');
  doc.update([{ start: other, end: other + 6, text: '' }]);
  const close = doc.text.indexOf('\n', lineAt(doc.text, /^\t\t\$qv\s+= &\$this->query_vars;/, first)) + 1;
  insert(doc, close, '}\n');
  assert.ok(!!agrees(doc, 'after closing the `if`'), 'the `if` around the statements parses');
});

test('`}\\n\\nclass B {` typed inside a class splits it in two, as a full parse does', () => {
  const file = join(requireCorpus('wordpress'), 'wp-includes/class-wp-hook.php');
  const doc = new PhpDocument(read(file), file);
  // Break a method first, so the split happens while another item is broken; then repair it.
  const broken = lineAt(doc.text, /^\t\t\$this->callbacks\[ \$priority \]\[ \$idx \] = array\(/);
  insert(doc, broken, '(');
  const at = lineAt(doc.text, /^\tpublic function remove_filter\(/);
  insert(doc, at, '}\n\n#[AllowDynamicProperties]\nclass MemLens_Split {\n');
  doc.update([{ start: broken, end: broken + 1, text: '' }]);
  assert.ok(!!agrees(doc, 'after the split'), 'two classes parse');
  assert.equal(doc.statements().filter((s) => s.kind === 'class').length, 2);
});

test('accumulated random damage, then repair: the document agrees with a full parse at every step', () => {
  const wp = requireCorpus('wordpress');
  const typed = ['$', 'x', ' ', ';', '(', ')', '{', '}', "'", '"', '/*', '*/', '//', '\n', '[]', '->', '}\n\nclass MemLensSplit {', '} else {', 'implements Countable ', '#'];
  let valid = 0;
  let small = 0;
  let edits = 0;
  for (const [rel, seed] of [['wp-includes/class-wp-hook.php', 1], ['wp-includes/class-wp-post.php', 2], ['wp-includes/class-wp-xmlrpc-server.php', 3]] as const) {
    const file = join(wp, rel);
    const original = read(file);
    const doc = new PhpDocument(original, file);
    const rand = random(seed);
    const inserted: { at: number; text: string }[] = [];
    // 120 edits that mostly add damage, then every insertion taken back in random order.
    for (let step = 0; step < 120 || inserted.length; step++) {
      let edit;
      if (inserted.length && (step >= 120 || rand() < 0.35)) {
        const k = inserted.splice(Math.floor(rand() * inserted.length), 1)[0];
        edit = { start: k.at, end: k.at + k.text.length, text: '' };
      } else {
        // Never inside an earlier insertion, so each one can be taken back as it was typed.
        let at = Math.floor(rand() * doc.text.length);
        for (const k of inserted) if (at > k.at && at < k.at + k.text.length) at = k.at + k.text.length;
        edit = { start: at, end: at, text: typed[Math.floor(rand() * typed.length)] };
      }
      const delta = edit.text.length - (edit.end - edit.start);
      for (const k of inserted) if (k.at > edit.start || (delta > 0 && k.at === edit.start)) k.at += delta;
      if (delta > 0) inserted.push({ at: edit.start, text: edit.text });
      doc.update([edit]);
      edits++;
      if (doc.lastReparsedBytes < original.length / 4) small++;
      if (agrees(doc, `${rel} seed ${seed} step ${step} ${JSON.stringify(edit)}`)) valid++;
    }
    assert.equal(doc.text, original, `${rel}: every insertion was taken back`);
    sameTree(doc.statements(), new PhpDocument(original, file).statements(), `${rel} after the repair`);
  }
  assert.ok(valid >= 3, `only ${valid} valid states compared`);
  // A broken file used to be re-parsed whole at every keystroke: most edits now re-parse a small part of it.
  assert.ok(small / edits > 0.8, `only ${small} of ${edits} edits re-parsed less than a quarter of the file`);
});
