// Guards that bound a run however costly each step gets, and a compile error php-parser does not know about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../server/src/sim';

test('a run whose steps keep getting costlier stops at the time limit, not after minutes', () => {
  // Found by the fuzzer: the loops never end and each iteration's collection walks a longer closure chain, so
  // the step limit is reached only after minutes of work.
  const code = `<?php
for ($i = 0; $i < 3; $i++) { for ($i = 0; $i < 1; $i++) { $b = function () use ($b) { return $b; }; gc_collect_cycles(); } }
`;
  const started = Date.now();
  const r = simulate(code, { maxMillis: 300, trace: false });
  assert.equal(r.exitCode, 4);
  assert.match(r.guard ?? '', /time limit of 0\.3 s reached after [\d,]+ steps/);
  assert.ok(Date.now() - started < 30_000, 'the guard did not stop the run');
});

test('empty array elements outside a destructuring target are the compile-time fatal PHP prints', () => {
  const v = spawnSync('php', ['-v'], { encoding: 'utf8' });
  assert.equal(v.error, undefined, 'php is not installed: run scripts/ensure-tools.sh (Debian php8.2-cli)');
  const dir = mkdtempSync(join(tmpdir(), 'memlens-sim-'));
  try {
    for (const code of ['<?php echo "a";\n$x = [[, "a" => 30]];\n', '<?php [$a, , $b] = [1, 2, 3]; echo $a, $b;\n', '<?php foreach ([[1, 2]] as [, $x]) echo $x;\n']) {
      const file = join(dir, 'snippet.php');
      writeFileSync(file, code);
      const php = spawnSync('php', ['-d', 'opcache.enable_cli=0', file], { encoding: 'utf8' });
      const sim = simulate(code, { file, trace: false });
      assert.equal(sim.stdout, php.stdout, code);
      assert.equal(sim.stderr, php.stderr, code);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
