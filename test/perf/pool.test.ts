// The scan pool (worker threads) must give exactly what checking each file on one thread gives, whatever order the
// workers finish in, survive a worker that cannot start, and stop when cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles } from '../../server/src/scan/pool';
import { checkFile, type FileResult } from '../../server/src/check';
import { defaultSettings } from '../../server/src/config';

/** A folder of small files: some with findings (self-reference cycles), a broken one, a binary one, a missing one. */
function workspace(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'memlens-pool-'));
  mkdirSync(join(dir, 'src'));
  const files: string[] = [];
  for (let i = 0; i < 60; i++) {
    const path = join(dir, 'src', `File${i}.php`);
    const body = i % 3 === 0
      ? `<?php\nclass Node${i} {\n    public $self;\n    public function __construct() {\n        $this->self = $this;\n    }\n}\n`
      : `<?php\nfunction f${i}(array $items): int {\n    return count($items) + ${i};\n}\n`;
    writeFileSync(path, i === 7 ? '<?php function broken( {' : body);
    files.push(path);
  }
  writeFileSync(join(dir, 'src', 'binary.php'), Buffer.from([0x3c, 0x3f, 0, 1, 2]));
  files.push(join(dir, 'src', 'binary.php'), join(dir, 'src', 'missing.php'));
  return { dir, files };
}

async function collect(files: string[], options: Partial<Parameters<typeof checkFiles>[2]> = {}): Promise<{ results: FileResult[]; done: number }> {
  const results: FileResult[] = new Array(files.length);
  const done = await checkFiles(files, defaultSettings, { ...options, onResult: (i, _path, r) => { assert.equal(results[i], undefined, `file ${i} reported twice`); results[i] = r; } });
  return { results, done };
}

/** Worker threads (the CLI) and child processes (the server's scan, one of them is enough) must behave alike. */
const KINDS = [
  { name: 'worker threads', options: { threads: 2 } },
  { name: 'child processes', options: { threads: 2, processes: true } },
  { name: 'one child process', options: { threads: 1, processes: true } },
];

for (const { name, options } of KINDS) {
  test(`${name}: the same results as one thread, file by file`, async () => {
    const { dir, files } = workspace();
    try {
      const expected = files.map((f) => checkFile(f, defaultSettings));
      assert.ok(expected.some((r) => r.findings.length > 0), 'the fixture has no findings to compare');
      assert.ok(expected.some((r) => r.findings.some((f) => f.rule === 'php.parseError')));
      assert.ok(expected.some((r) => r.unreadable) && expected.some((r) => r.notice));
      const stats = { fromWorkers: 0 };
      const { results, done } = await collect(files, { ...options, minFilesForWorkers: 1, stats });
      assert.equal(done, files.length);
      assert.equal(stats.fromWorkers, files.length, `some files were not checked by the ${name}`);
      assert.deepEqual(results, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${name} that cannot start: their files are checked on the calling thread, results unchanged`, async () => {
    const { dir, files } = workspace();
    try {
      const stats = { fromWorkers: 0 };
      const { results, done } = await collect(files, { ...options, minFilesForWorkers: 1, script: join(dir, 'no-such-worker.js'), stats });
      assert.equal(done, files.length);
      assert.equal(stats.fromWorkers, 0);
      assert.deepEqual(results, files.map((f) => checkFile(f, defaultSettings)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('cancelling stops handing out files', async () => {
  const { dir, files } = workspace();
  try {
    let seen = 0;
    const done = await checkFiles(files, defaultSettings, { threads: 2, minFilesForWorkers: 1, cancelled: () => seen >= 5, onResult: () => { seen++; } });
    assert.ok(done < files.length, `all ${done} files were checked after cancelling`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
