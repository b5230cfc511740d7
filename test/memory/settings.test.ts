// memlens.longRunning.extraLoopCalls turns a project's own "wait for the next job" call into a long-running loop
// for the growth rules, and long-running context raises the accumulation rules to warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../support/fixtures';
import { defaultSettings, type Settings } from '../../server/src/config';

const WORKER = `<?php
function work(JobSource $jobs): void
{
    $seen = [];
    while ($job = $jobs->nextJob()) {
        $seen[] = $job->id();
        $job->run();
    }
}
`;

function withExtra(calls: string[]): Settings {
  return { ...structuredClone(defaultSettings), longRunning: { extraLoopCalls: calls } };
}

test('extraLoopCalls makes a custom wait call long-running', () => {
  const rule = 'memory.unboundedLoopGrowth';
  assert.equal(analyze(WORKER, 'w.php').filter((f) => f.rule === rule).length, 0);
  const found = analyze(WORKER, 'w.php', withExtra(['JobSource::nextJob'])).filter((f) => f.rule === rule);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /\$seen is an array declared outside the long-running loop/);
});

test('staticAccumulation is info, and warning inside a long-running loop', () => {
  const code = `<?php
final class Cache
{
    private static array $byUrl = [];

    public static function remember(string $url): void
    {
        self::$byUrl[$url] = true;
    }
}

while (true) {
    $url = next_url();
    function_exists('x');
}

function handler(): void
{
    static $seenUrls = [];
    while (true) {
        $url = next_url();
        $seenUrls[$url] = true;
    }
}
`;
  const found = analyze(code, 's.php').filter((f) => f.rule === 'memory.staticAccumulation');
  assert.deepEqual(found.map((f) => f.severity), ['info', 'warning']);
});

test('a rule switched off in the settings reports nothing', () => {
  const settings: Settings = { ...structuredClone(defaultSettings), rules: { 'memory.objectCycle': 'off' } };
  const code = '<?php function f() { $a = new stdClass; $b = new stdClass; $a->x = $b; $b->y = $a; unset($a, $b); }';
  assert.equal(analyze(code, 'o.php').filter((f) => f.rule === 'memory.objectCycle').length, 1);
  assert.equal(analyze(code, 'o.php', settings).filter((f) => f.rule === 'memory.objectCycle').length, 0);
});
