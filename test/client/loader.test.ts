// The client loader (client/src/loader.ts): the client runs from a V8 code cache in the extension's global storage,
// made after the first activation and never used for another client file; nothing about the cache can stop the
// client from loading. Then the real bundles: dist/extension.js loads dist/client.js and the client says how.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cacheFileFor, loadClient as loadAnyClient, type ClientModule, type LoadedClient } from '../../client/src/loader';
import { activateInProbe, clientLoadLine } from '../support/activation';
import { scratchDir } from '../support/tmp';

const CLIENT = `'use strict';
const helper = require('./helper.js');
exports.where = () => __dirname;
exports.answer = () => helper.value * 2;
exports.fail = () => {
  throw new Error('from the client');
};
exports.activate = (context, load) => { context.seen = load; };
`;
const failLine = CLIENT.split('\n').findIndex((l) => l.includes("throw new Error('from the client')")) + 1;

function clientIn(dir: string, source = CLIENT): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'helper.js'), 'exports.value = 21;\n');
  const file = join(dir, 'client.js');
  writeFileSync(file, source);
  return file;
}

interface TestClient extends ClientModule {
  where(): string;
  answer(): number;
  fail(): never;
}
const loadClient = (file: string, dir: string | undefined) => loadAnyClient(file, dir) as LoadedClient & { client: TestClient };

const caches = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.v8cache')) : []);

describe('client loader: the V8 code cache', () => {
  it('makes the cache after the first load and uses it on the next one', () => {
    const root = scratchDir('memlens-loader-');
    const file = clientIn(join(root, 'dist'));
    const storage = join(root, 'storage');
    const first = loadClient(file, storage);
    assert.equal(first.cache, 'none');
    assert.equal(first.client.answer(), 42);
    assert.deepEqual(caches(storage), []);
    const written = first.saveCache();
    assert.equal(written, cacheFileFor(file, storage));
    assert.deepEqual(caches(storage), [written!.split('/').pop()]);

    const second = loadClient(file, storage);
    assert.equal(second.cache, 'used');
    assert.equal(second.client.answer(), 42);
    assert.equal(second.client.where(), join(root, 'dist'));
    assert.equal(second.saveCache(), undefined, 'a used cache is not written again');
  });

  it('keeps the client\'s own lines and columns in stack traces, with or without the cache', () => {
    const root = scratchDir('memlens-loader-');
    const file = clientIn(join(root, 'dist'));
    const storage = join(root, 'storage');
    for (const expected of ['none', 'used']) {
      const loaded = loadClient(file, storage);
      assert.equal(loaded.cache, expected);
      loaded.saveCache();
      const err = (() => { try { loaded.client.fail(); } catch (e) { return e as Error; } })();
      assert.match(String(err?.stack), new RegExp(`client\\.js:${failLine}:9\\b`), `stack: ${err?.stack}`);
    }
  });

  it('turns a corrupt cache down, still loads, and writes a good one', () => {
    const root = scratchDir('memlens-loader-');
    const file = clientIn(join(root, 'dist'));
    const storage = join(root, 'storage');
    mkdirSync(storage, { recursive: true });
    writeFileSync(cacheFileFor(file, storage), Buffer.from('not a V8 code cache at all, just bytes'.repeat(20)));
    const loaded = loadClient(file, storage);
    assert.equal(loaded.cache, 'rejected');
    assert.equal(loaded.client.answer(), 42);
    assert.ok(loaded.saveCache());
    assert.equal(loadClient(file, storage).cache, 'used');
  });

  it('never uses the cache of another client file, and drops it when a new one is written', () => {
    const root = scratchDir('memlens-loader-');
    const file = clientIn(join(root, 'dist'));
    const storage = join(root, 'storage');
    const old = loadClient(file, storage).saveCache()!;
    // Same length, other code (V8 alone would take the old cache for it), newer modification time.
    writeFileSync(file, CLIENT.replace('helper.value * 2', 'helper.value + 2'));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const updated = loadClient(file, storage);
    assert.equal(updated.cache, 'none');
    assert.equal(updated.client.answer(), 23, 'the new code runs, not the cached old one');
    const written = updated.saveCache()!;
    assert.notEqual(written, old);
    assert.deepEqual(caches(storage), [written.split('/').pop()]);
  });

  it('loads without a cache when the storage cannot hold one, or there is no storage', () => {
    const root = scratchDir('memlens-loader-');
    const file = clientIn(join(root, 'dist'));
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    const unwritable = loadClient(file, join(blocker, 'storage'));
    assert.equal(unwritable.cache, 'none');
    assert.equal(unwritable.client.answer(), 42);
    assert.equal(unwritable.saveCache(), undefined);
    const none = loadClient(file, undefined);
    assert.equal(none.cache, 'none');
    assert.equal(none.saveCache(), undefined);
  });

  it('throws when the client itself is missing: that is a broken install, not a cache problem', () => {
    const root = scratchDir('memlens-loader-');
    assert.throws(() => loadClient(join(root, 'client.js'), join(root, 'storage')), /ENOENT/);
  });
});

// The built bundles in a fresh Node, with the stand-in `vscode` module the bench uses.
describe('client loader: the built dist/extension.js and dist/client.js', () => {
  it('activates from the compiled client first, then from its cache', () => {
    const extension = join(process.cwd(), 'dist/extension.js');
    assert.ok(existsSync(extension) && existsSync(join(process.cwd(), 'dist/client.js')), 'dist/extension.js and dist/client.js must be built (node esbuild.mjs)');
    const storage = scratchDir('memlens-loader-storage-');
    assert.match(clientLoadLine(activateInProbe(extension, storage)), /^client loaded in [\d.]+ ms.* \(code cache: none\)$/);
    assert.equal(caches(storage).length, 1);
    assert.match(clientLoadLine(activateInProbe(extension, storage)), /^client loaded in [\d.]+ ms.* \(code cache: used\)$/);
  });
});
