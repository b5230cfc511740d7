// The extension manifest matches the code: every rule is configurable, every command is implemented, every file
// the manifest points at exists, and the .vsix keeps only what it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { rulesSchema } from '../../scripts/sync-manifest';
import { Commands } from '../../server/src/protocol';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('memlens.rules lists every registered rule (run `npx tsx scripts/sync-manifest.ts` when this fails)', () => {
  assert.deepEqual(pkg.contributes.configuration.properties['memlens.rules'].properties, rulesSchema());
});

test('every contributed command is one the client registers, and no more', () => {
  const contributed = pkg.contributes.commands.map((c: any) => c.command).sort();
  const client = readFileSync(join(root, 'client/src/extension.ts'), 'utf8');
  const registered = Object.entries(Commands)
    .filter(([key]) => new RegExp(`Commands\\.${key}\\b`).test(client))
    .map(([, id]) => id)
    .sort();
  assert.deepEqual(contributed, registered);
});

test('grammar, entry points and bin exist after the build', () => {
  for (const g of pkg.contributes.grammars) assert.ok(existsSync(join(root, g.path)), g.path);
  assert.ok(existsSync(join(root, pkg.main.replace(/^\.\//, ''))), pkg.main);
  for (const bin of Object.values(pkg.bin) as string[]) assert.ok(existsSync(join(root, bin)), bin);
});

test('the injection grammar matches suppression comments', () => {
  const grammar = JSON.parse(readFileSync(join(root, 'syntaxes/memlens-ignore.injection.json'), 'utf8'));
  const re = new RegExp(grammar.repository.directive.match);
  const m = re.exec('// @memlens-ignore memory.objectCycle, kafka.missingFlush');
  assert.ok(m);
  assert.equal(m[1], '@memlens-ignore');
  assert.match(m[2], /memory\.objectCycle, kafka\.missingFlush/);
});

test('"Simulate GC" is in the command palette and the editor context menu of PHP files', () => {
  const title = pkg.contributes.commands.find((c: any) => c.command === Commands.simulate)?.title;
  assert.match(title ?? '', /Simulate GC/);
  for (const menu of ['commandPalette', 'editor/context']) {
    const entry = pkg.contributes.menus[menu]?.find((m: any) => m.command === Commands.simulate);
    assert.ok(entry, `no ${menu} entry for ${Commands.simulate}`);
    assert.match(entry.when, /editorLangId == php/, `${menu}: shown for PHP files`);
  }
});
