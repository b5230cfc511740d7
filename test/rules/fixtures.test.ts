// Every registered rule: its fire fixtures match their caret markers exactly, its silent fixtures stay silent, its
// fixes turn fix*.php into fix*.expected.php, leave parsable PHP and remove the finding, and it has a docs page.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { allRules, docsPath } from '../../server/src/rules';
import { analyze, applyEdits, compare, expectations, fixturesFor, fixtureLanguage, read } from '../support/fixtures';
import { parsePhp } from '../../server/src/core/parse';

const root = join(__dirname, '..', '..');

for (const rule of allRules) {
  const id = rule.meta.id;
  describe(id, () => {
    const fixtures = fixturesFor(id);
    test('has a docs page', () => {
      assert.ok(existsSync(join(root, docsPath(id))), `missing ${docsPath(id)}`);
    });
    test('has fire and silent fixtures', () => {
      assert.ok(fixtures.fire.length > 0, `no test/fixtures/${id}/fire*.php`);
      assert.ok(fixtures.silent.length > 0, `no test/fixtures/${id}/silent*.php`);
      if (rule.meta.fixable) assert.ok(fixtures.fix.length > 0, `fixable rule without test/fixtures/${id}/fix*.php`);
    });
    for (const path of fixtures.fire) {
      test(`fires as marked: ${basename(path)}`, () => {
        const text = read(path);
        assert.ok(expectations(text).some((e) => e.rule === id), 'a fire fixture needs at least one marker');
        assert.deepEqual(compare(text, analyze(text, path), id), []);
      });
    }
    for (const path of fixtures.silent) {
      test(`stays silent: ${basename(path)}`, () => {
        const text = read(path);
        assert.deepEqual(compare(text, analyze(text, path), id), []);
      });
    }
    for (const { input, expected } of fixtures.fix) {
      test(`fix: ${basename(input)}`, () => {
        const text = read(input);
        const findings = analyze(text, input).filter((f) => f.rule === id && f.fixes?.length);
        assert.ok(findings.length > 0, 'the fix fixture must produce a fixable finding');
        const edits = findings.flatMap((f) => (f.fixes!.find((x) => x.preferred) ?? f.fixes![0]).edits);
        const fixed = applyEdits(text, edits);
        assert.equal(fixed, read(expected));
        if (fixtureLanguage(input) === 'php') assert.deepEqual(parsePhp(fixed).errors, [], 'fixed code must parse');
        const again = analyze(fixed, input).filter((f) => f.rule === id && f.fixes?.length);
        assert.equal(again.length, 0, 'the finding must be gone after the fix');
      });
    }
  });
}
