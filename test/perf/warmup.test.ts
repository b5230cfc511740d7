// The scan workers parse scan/warmup.ts's file before their first real one, to give V8 the parser's type feedback
// early. It only pays if it reaches the parser's branches, so it must be valid PHP that php-parser reads whole, and
// it must use every kind of node php-parser builds but the few named here. And parsing it must leave nothing behind
// that changes how the next file parses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WARMUP_PHP, warmUpParser } from '../../server/src/scan/warmup';
import { parsePhp } from '../../server/src/core/parse';
import { CHILD_KEYS, walk } from '../../server/src/core/walk';

/** Kinds the warm-up cannot or need not hold, with why. */
const NOT_IN_WARMUP: Record<string, string> = {
  comment: 'a check parses without comments', commentblock: 'as comment', commentline: 'as comment',
  error: 'built only for a parse error', propertyhook: 'PHP 8.4: php -l of 8.2 refuses it',
  // Base kinds, never built themselves.
  declaration: 'base', expression: 'base', literal: 'base', lookup: 'base', operation: 'base', reference: 'base',
  statement: 'base', byref: 'built and dropped at once: the node after the & gets byref = true instead',
};

test('the warm-up file parses without an error and uses every node kind php-parser builds', () => {
  const { program, errors } = parsePhp(WARMUP_PHP, 'warmup.php', undefined, { comments: false });
  assert.deepEqual(errors, []);
  const seen = new Set<string>();
  walk(program, (node) => { seen.add(node.kind); });
  // Every kind php-parser's AST defines (the walks' field lists are made from its constructors).
  const all = [...CHILD_KEYS.keys()];
  assert.ok(all.length > 100, `found only ${all.length} kinds in php-parser`);
  const missing = all.filter((kind) => !seen.has(kind) && !(kind in NOT_IN_WARMUP));
  assert.deepEqual(missing, [], 'kinds the warm-up file does not reach');
});

test('real PHP accepts the warm-up file', () => {
  const lint = spawnSync('php', ['-l'], { input: WARMUP_PHP, encoding: 'utf8' });
  assert.equal(lint.error, undefined, 'php is not installed (scripts/ensure-php.sh)');
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
});

test('a file parses the same after the warm-up as before it', () => {
  const text = '<?php\nnamespace A;\nclass C { public function f(int $a): string { return "x{$a}y" . <<<EOT\n  $a\n  EOT; } }\n$s = `ls`;\n';
  const before = JSON.stringify(parsePhp(text, 'a.php', undefined, { comments: false }));
  warmUpParser();
  assert.equal(JSON.stringify(parsePhp(text, 'a.php', undefined, { comments: false })), before);
});
