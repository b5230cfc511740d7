// The scan cache (scan/cache.ts): a file as it was at the last scan is not checked again and gives the same result;
// a file that changed, a fresh file, other settings or another build are checked again; a cache that cannot be read
// or written costs time, never a result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, utimesSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles } from '../../server/src/scan/pool';
import { openScanCache, scanFingerprint, type ScanCache } from '../../server/src/scan/cache';
import { checkFile, type FileResult } from '../../server/src/check';
import { defaultSettings, readSettings, type Settings } from '../../server/src/config';
import { ruleIds } from '../../server/src/rules';

const CYCLE = (i: number) => `<?php\nfunction f${i}() {\n    $o = new stdClass;\n    $o->self = $o;\n}\n`;
const PLAIN = (i: number) => `<?php\nfunction g${i}(array $a): int {\n    return count($a);\n}\n`;
const AN_HOUR_AGO = Date.now() / 1000 - 3600;

function workspace(): { dir: string; files: string[]; cacheFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-cache-'));
  const files: string[] = [];
  for (let i = 0; i < 6; i++) {
    const path = join(dir, `f${i}.php`);
    writeFileSync(path, i % 2 ? PLAIN(i) : CYCLE(i));
    files.push(path);
  }
  writeFileSync(join(dir, 'broken.php'), '<?php function broken( {');
  writeFileSync(join(dir, 'binary.php'), Buffer.from([0x3c, 0x3f, 0, 1]));
  files.push(join(dir, 'broken.php'), join(dir, 'binary.php'));
  // Older than the racy window: a scan keeps their results.
  for (const f of files) utimesSync(f, AN_HOUR_AGO, AN_HOUR_AGO);
  files.push(join(dir, 'missing.php'));
  return { dir, files, cacheFile: join(dir, 'cache', 'scan.json') };
}

async function scan(files: string[], cache: ScanCache, settings: Settings = defaultSettings, threads = 0): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  const done = await checkFiles(files, settings, { threads, minFilesForWorkers: 1, cache, onResult: (i, _p, r) => { assert.equal(results[i], undefined); results[i] = r; } });
  assert.equal(done, files.length);
  return results;
}

const fingerprint = (settings: Settings = defaultSettings) => scanFingerprint(settings, __filename);

/** Runs `body` on a fresh workspace, removed afterwards whatever happens. */
async function inWorkspace(body: (w: ReturnType<typeof workspace>) => Promise<void>): Promise<void> {
  const w = workspace();
  try {
    await body(w);
  } finally {
    rmSync(w.dir, { recursive: true, force: true });
  }
}

/** A first scan whose cache is saved, as the last run left it. */
async function scannedOnce(files: string[], cacheFile: string, threads = 0): Promise<void> {
  const first = openScanCache(cacheFile, fingerprint());
  await scan(files, first, defaultSettings, threads);
  assert.equal(first.save(), null);
}

test('a second scan takes every unchanged file from the cache, with the same results', () => inWorkspace(async ({ files, cacheFile }) => {
  const expected = files.map((f) => checkFile(f, defaultSettings));
  assert.ok(expected.some((r) => r.findings.some((f) => f.rule === 'memory.selfReference')));
  assert.ok(expected.some((r) => r.findings.some((f) => f.rule === 'php.parseError')));
  const first = openScanCache(cacheFile, fingerprint());
  assert.deepEqual(await scan(files, first), expected);
  assert.equal(first.hits, 0);
  assert.equal(first.save(), null);
  const second = openScanCache(cacheFile, fingerprint());
  assert.deepEqual(await scan(files, second), expected);
  // Every file but the missing one, whose "unreadable" is never kept: it is looked at again every time.
  assert.equal(second.hits, files.length - 1);
}));

test('a file that changed is checked again: new size, or the same size with a new modification time', () => inWorkspace(async ({ files, cacheFile }) => {
  await scannedOnce(files, cacheFile);
  // f0 had a cycle: now it has none (another size). f1 keeps its size.
  writeFileSync(files[0], PLAIN(0));
  utimesSync(files[0], AN_HOUR_AGO + 60, AN_HOUR_AGO + 60);
  const sameSize = PLAIN(1).replace('count($a)', 'count($b)');
  assert.equal(sameSize.length, PLAIN(1).length);
  writeFileSync(files[1], sameSize);
  utimesSync(files[1], AN_HOUR_AGO + 60, AN_HOUR_AGO + 60);
  const second = openScanCache(cacheFile, fingerprint());
  const results = await scan(files, second);
  assert.deepEqual(results, files.map((f) => checkFile(f, defaultSettings)));
  assert.deepEqual(results[0].findings, []);
  assert.equal(second.hits, files.length - 3);
}));

test('on worker threads, the files the cache does not hold are checked there and land at their own index', () => inWorkspace(async ({ files, cacheFile }) => {
  await scannedOnce(files, cacheFile, 2);
  writeFileSync(files[2], PLAIN(2));
  utimesSync(files[2], AN_HOUR_AGO + 60, AN_HOUR_AGO + 60);
  const second = openScanCache(cacheFile, fingerprint());
  assert.deepEqual(await scan(files, second, defaultSettings, 2), files.map((f) => checkFile(f, defaultSettings)));
  assert.equal(second.hits, files.length - 2);
}));

test('a run over some of the files keeps the others\' results, and drops those of files that are gone', () => inWorkspace(async ({ files, cacheFile }) => {
  await scannedOnce(files, cacheFile);
  rmSync(files[1]);
  const some = openScanCache(cacheFile, fingerprint());
  await scan(files.slice(3, 5), some);
  assert.equal(some.hits, 2);
  assert.equal(some.save(), null);
  const kept = Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).files);
  assert.ok(kept.includes(files[0]) && kept.includes(files[2]), 'results of files this run did not check were dropped');
  assert.ok(!kept.includes(files[1]), 'the result of a deleted file was kept');
}));

test('a file modified just before the scan is not kept (it could change again within the same timestamp)', () => inWorkspace(async ({ files, cacheFile }) => {
  writeFileSync(files[0], CYCLE(0)); // modified now
  await scannedOnce(files, cacheFile);
  const second = openScanCache(cacheFile, fingerprint());
  await scan(files, second);
  assert.equal(second.hits, files.length - 2);
}));

test('other settings or another build of MemLens start from an empty cache', () => inWorkspace(async ({ files, cacheFile }) => {
  await scannedOnce(files, cacheFile);
  const quiet = readSettings({ rules: { 'memory.selfReference': 'off' } }, ruleIds).settings;
  const other = openScanCache(cacheFile, fingerprint(quiet));
  const results = await scan(files, other, quiet);
  assert.equal(other.hits, 0);
  assert.ok(results.every((r) => r.findings.every((f) => f.rule !== 'memory.selfReference')));
  other.save();
  const rebuilt = openScanCache(cacheFile, scanFingerprint(quiet, join(__dirname, 'pool.test.ts')));
  await scan(files, rebuilt, quiet);
  assert.equal(rebuilt.hits, 0);
}));

test('a corrupt cache is read as empty and written again; an unwritable one says why and changes no result', () => inWorkspace(async ({ files, cacheFile }) => {
  const expected = files.map((f) => checkFile(f, defaultSettings));
  await scannedOnce(files, cacheFile);
  for (const garbage of ['{"format":1,"fingerprint":', 'null', '[]', `{"format":1,"fingerprint":"${fingerprint()}","files":{"${files[0]}":{"size":"x"}}}`]) {
    writeFileSync(cacheFile, garbage);
    const cache = openScanCache(cacheFile, fingerprint());
    assert.deepEqual(await scan(files, cache), expected, garbage);
    assert.equal(cache.hits, 0, garbage);
    assert.equal(cache.save(), null);
    assert.doesNotThrow(() => JSON.parse(readFileSync(cacheFile, 'utf8')));
  }
  const blocked = join(files[2], 'cache.json'); // under a file: no folder can be made there
  const cache = openScanCache(blocked, fingerprint());
  assert.deepEqual(await scan(files, cache), expected);
  assert.match(String(cache.save()), /EEXIST|ENOTDIR/);
  assert.equal(existsSync(blocked), false);
}));
