// The scan's V8 settings (scan/compilerFlags.ts) are set with v8.setFlagsFromString, which ignores a flag V8 does
// not know: a Node whose V8 renamed one would lose the setting without a word. Node itself refuses unknown flags on
// its command line, so each is tried there, with the Node that runs the tests (the one the CLI and server run on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SCAN_COMPILER_FLAGS } from '../../server/src/scan/compilerFlags';

test('every compiler flag the scan sets is one this V8 knows', () => {
  assert.ok(SCAN_COMPILER_FLAGS.length > 0);
  for (const flag of SCAN_COMPILER_FLAGS) {
    const run = spawnSync(process.execPath, [flag, '-e', ''], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${flag}: ${run.stderr.trim()}`);
  }
  // And the check above can fail: a flag V8 does not have is refused.
  const unknown = spawnSync(process.execPath, ['--max-inlined-bytecode-size-cumulativ=100', '-e', ''], { encoding: 'utf8' });
  assert.notEqual(unknown.status, 0);
});
