// forEachChild reads each kind's fields from a list made once (walk.ts CHILD_KEYS) instead of Object.keys on every
// node it visits. The list must hold every field a node of that kind ever has, in the order the node has them: a
// field missing from it is a subtree no rule sees, a field out of order changes which node a rule meets first.
// Checked here on every node php-parser builds for real code, whole and broken, with and without comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhp, MAX_RECOVERED_ERRORS, type Node } from '../../server/src/core/parse';
import { CHILD_KEYS, children, isNode } from '../../server/src/core/walk';
import { requireCorpus, read, phpFilesUnder, CORPORA } from './corpus';

const NOT_CHILD_KEYS = new Set(['loc', 'leadingComments', 'trailingComments', 'kind', 'errors', 'comments', 'tokens']);

/** Children as Object.keys finds them, which forEachChild did before it had the lists. */
function childrenByOwnKeys(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (NOT_CHILD_KEYS.has(key) || value === null || typeof value !== 'object') continue;
    for (const item of Array.isArray(value) ? value : [value]) if (isNode(item)) out.push(item);
  }
  return out;
}

/** Every node under `root`: its own fields holding an object are in its kind's list, in the list's order, and both
 * ways of finding its children agree. Returns the number of nodes checked. */
function checkTree(root: Node, where: string, kindsSeen: Set<string>): number {
  let nodes = 0;
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    nodes++;
    kindsSeen.add(node.kind);
    const list = CHILD_KEYS.get(node.kind);
    assert.ok(list, `${where}: php-parser built a ${node.kind}, a kind the lists do not have`);
    let at = -1;
    for (const key of Object.keys(node)) {
      // Fields holding a value can be anywhere (the parser marks `parenthesizedExpression` late): only those holding
      // an object can hold children.
      if (NOT_CHILD_KEYS.has(key) || node[key] === null || typeof node[key] !== 'object') continue;
      const next = list.indexOf(key);
      assert.ok(next >= 0, `${where}: a ${node.kind} has the field ${key}, missing from its list [${list.join(', ')}]`);
      assert.ok(next > at, `${where}: a ${node.kind}'s field ${key} comes in another order than its list [${list.join(', ')}]`);
      at = next;
    }
    const found = children(node);
    const expected = childrenByOwnKeys(node);
    // The very nodes, in order (a deep comparison would compare each subtree again at every level).
    if (found.length !== expected.length || found.some((child, i) => child !== expected[i])) {
      assert.fail(`${where}: the children of a ${node.kind}: ${found.map((n) => n.kind)} instead of ${expected.map((n) => n.kind)}`);
    }
    stack.push(...found);
  }
  return nodes;
}

test('every node of the corpora, whole and cut in half, has its object fields in its kind\'s list, in order', () => {
  const kindsSeen = new Set<string>();
  let nodes = 0;
  let files = 0;
  for (const name of Object.keys(CORPORA)) {
    for (const path of phpFilesUnder(requireCorpus(name))) {
      const text = read(path);
      files++;
      // Whole (as `memlens check` parses it, without comments; every tenth file also with comments, as the editor's
      // document does), and broken at its middle, where error recovery builds its own nodes.
      const parses = [parsePhp(text, path, MAX_RECOVERED_ERRORS, { comments: false }), parsePhp(text.slice(0, text.length >> 1), path, 20)];
      if (files % 10 === 0) parses.push(parsePhp(text, path));
      for (const { program } of parses) nodes += checkTree(program, path, kindsSeen);
    }
  }
  assert.ok(files > 5000, `only ${files} files`);
  assert.ok(nodes > 1e6, `only ${nodes} nodes`);
  // The corpora exercise most of the grammar; a kind the lists have but no real code produced is only checked by its
  // constructor's probe.
  assert.ok(kindsSeen.size > 90, `only ${kindsSeen.size} kinds seen: ${[...kindsSeen].join(' ')}`);
});

test('the list of each kind is what its constructor sets when given every argument', () => {
  // The fields set only when given an argument are in the lists...
  assert.deepEqual(CHILD_KEYS.get('clone'), ['what', 'properties', 'attrGroups']);
  assert.ok(CHILD_KEYS.get('literal')!.includes('raw'));
  // ...and the parser's late attrGroups closes the lists of the kinds whose constructor does not set it.
  assert.equal(CHILD_KEYS.get('arrowfunc')!.at(-1), 'attrGroups');
  assert.ok(CHILD_KEYS.size >= 100, `${CHILD_KEYS.size} kinds`);
  // Made-up nodes of kinds php-parser does not have are walked by their own keys.
  const made: Node = { kind: 'madeup', inner: { kind: 'variable', name: 'x' }, list: [{ kind: 'number', value: '1' }], loc: null };
  assert.deepEqual(children(made).map((n) => n.kind), ['variable', 'number']);
});
