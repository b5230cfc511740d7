// The unit index keeps entries only for the kinds the rules look up (and `$this` / `$GLOBALS`); any other kind is
// indexed by a walk of its own when first asked for. Both must answer exactly what one entry per node of a plain walk
// answers: the same nodes, parents, functions and order, per unit and per function scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parsePhp, type Node } from '../../server/src/core/parse';
import { descend, FUNCTION_LIKE } from '../../server/src/core/walk';
import { topLevelStatements, splitUnits } from '../../server/src/core/units';
import { forgetUnitIndexes, nodesInScope, nodesOfKind, nodesOfKinds, variableKey, type Indexed } from '../../server/src/core/modelIndex';
import { backLinks, methodHandsOutThis } from '../../server/src/core/modelLinks';
import { requireCorpus, read, phpFilesUnder } from './corpus';

const ROOT = join(__dirname, '..', '..');

/** One entry per node, by key, as the index answered before it left kinds out. */
function reference(root: Node): Map<string, Indexed[]> {
  const byKey = new Map<string, Indexed[]>();
  let at = 0;
  const add = (key: string, entry: Indexed) => {
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(entry);
  };
  descend<Indexed | null>(root, null, (node, up) => {
    const fn = up ? (FUNCTION_LIKE.has(up.node.kind) ? up.node : up.fn) : FUNCTION_LIKE.has(node.kind) ? node : null;
    const entry: Indexed = { node, parent: up?.node ?? null, fn, at: at++ };
    add(node.kind, entry);
    if (node.kind === 'variable' && typeof node.name === 'string') add(variableKey(node.name), entry);
    return entry;
  });
  return byKey;
}

function compareUnit(roots: Node[], where: string): number {
  forgetUnitIndexes();
  let checked = 0;
  for (const root of roots) {
    const expected = reference(root);
    // Listed kinds, unlisted kinds (bin, string, variable...), variable keys listed or not, and a kind absent here.
    for (const key of [...expected.keys(), 'nosuchkind', variableKey('nosuchname')]) {
      const want = expected.get(key) ?? [];
      assert.deepEqual(nodesOfKind([root], key), want, `${where}: nodesOfKind ${key}`);
      for (const fn of new Set(want.map((e) => e.fn))) {
        assert.deepEqual(nodesInScope([root], fn, key), want.filter((e) => e.fn === fn), `${where}: nodesInScope ${key}`);
      }
      checked += want.length;
    }
    // An odd number of lists and an even one, the second with `$this` entries that are also `variable` ones (the
    // same node at the same position, twice).
    for (const mixed of [['while', 'call', 'bin', variableKey('this'), 'class'], ['new', variableKey('this'), 'assign', 'variable', 'call', 'string']]) {
      const want = mixed.flatMap((k) => expected.get(k) ?? []).sort((a, b) => a.at - b.at);
      assert.deepEqual(nodesOfKinds([root], mixed), want, `${where}: nodesOfKinds ${mixed.join(' ')}`);
    }
  }
  return checked;
}

function compareFile(text: string, where: string): number {
  const { program, errors } = parsePhp(text, where);
  if (errors.length) return 0;
  let checked = 0;
  for (const unit of splitUnits(topLevelStatements(program))) checked += compareUnit(unit.nodes, where);
  return checked;
}

test('the unit index answers as one entry per node would, on the rule fixtures and on WordPress', () => {
  const files = [
    ...phpFilesUnder(join(ROOT, 'test', 'fixtures')),
    ...phpFilesUnder(requireCorpus('wordpress')).filter((_, i) => i % 10 === 0),
  ];
  let checked = 0;
  for (const file of files) checked += compareFile(read(file), file);
  assert.ok(checked > 100_000, `only ${checked} entries compared`);
});

test('a kind the index leaves out is found by a walk of its own, with its parent and function', () => {
  const { program } = parsePhp('<?php function f($a) { $g = function () use ($a) { return $a + 1; }; return $GLOBALS["x"] . $a; }');
  forgetUnitIndexes();
  const roots = topLevelStatements(program);
  const bins = nodesOfKind(roots, 'bin');
  assert.deepEqual(bins.map((e) => [e.node.type, e.parent?.kind, e.fn?.kind]), [['+', 'return', 'closure'], ['.', 'return', 'function']]);
  assert.equal(nodesOfKind(roots, variableKey('GLOBALS')).length, 1);
  const closure = nodesOfKind(roots, 'closure')[0].node;
  assert.equal(nodesInScope(roots, roots[0], variableKey('a')).length, 1, "the function's own $a (its parameter is no variable node)");
  assert.equal(nodesInScope(roots, closure, variableKey('a')).length, 2, "the closure's: `use ($a)` and `$a + 1`");
});

test('parent/child links found from the index (only methods that hand out $this walked) are the links of every method', () => {
  // The rules ask backLinks to skip a method whose own scope passes `$this` to no one; the hover walks them all.
  const files = [
    ...phpFilesUnder(join(ROOT, 'test', 'fixtures')),
    ...phpFilesUnder(requireCorpus('symfony')).filter((_, i) => i % 2 === 0),
    ...phpFilesUnder(requireCorpus('wordpress')).filter((_, i) => i % 4 === 0),
  ];
  let links = 0;
  let skipped = 0;
  for (const file of files) {
    const { program, errors } = parsePhp(read(file), file);
    if (errors.length) continue;
    for (const unit of splitUnits(topLevelStatements(program))) {
      forgetUnitIndexes();
      for (const { node: cls } of nodesOfKind(unit.nodes, 'class')) {
        const gated = backLinks(cls, (method) => {
          const may = methodHandsOutThis(unit.nodes, method);
          if (!may) skipped++;
          return may;
        });
        assert.deepEqual(gated, backLinks(cls), `${file}: ${cls.name?.name}`);
        links += gated.length;
      }
    }
  }
  assert.ok(links >= 5, `only ${links} links`);
  assert.ok(skipped > 5_000, `only ${skipped} methods skipped`);
});
