// What kafka.missingFlush and kafka.produceWithoutPoll say, shown on librdkafka's own mock cluster
// (test/kafka/delivery.c, built against librdkafka-dev): messages lost without flush(), a queue that never drains
// without poll().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir } from '../support/tmp';

let binary: string | null = null;
function delivery(mode: string): string {
  if (!binary) {
    binary = join(scratchDir('memlens-kafka-'), 'delivery');
    try {
      execFileSync('gcc', ['-O1', '-o', binary, join(__dirname, 'delivery.c'), '-lrdkafka'], { stdio: 'pipe' });
    } catch (err: any) {
      throw new Error(`cannot build test/kafka/delivery.c (needs gcc and librdkafka-dev: run scripts/ensure-kcat.sh): ${err.stderr ?? err.message}`);
    }
  }
  return execFileSync(binary, [mode], { encoding: 'utf8', timeout: 60000 }).trim();
}

test('a producer destroyed without flush() drops its queue; with flush() every message arrives', () => {
  const lost = delivery('noflush');
  const kept = delivery('flush');
  console.log(`without flush: ${lost}; with flush: ${kept}`);
  assert.equal(kept, 'delivered 1000');
  const n = Number(/delivered (\d+)/.exec(lost)![1]);
  assert.ok(n < 1000, `expected messages to be lost without flush, got ${lost}`);
});

test('with a delivery callback and no poll(), the queue fills and stays full ("Local: Queue full")', () => {
  assert.equal(delivery('nopoll'), 'queue full at 101: Local: Queue full');
  assert.equal(delivery('poll'), 'all produced');
});
