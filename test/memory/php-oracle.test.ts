// The memory rules' claims checked against real PHP 8.2 (Debian php8.2-cli; scripts/ensure-tools.sh installs it):
// what objectCycle reports is garbage only the collector frees and its fix frees it at once; hover sizes equal
// memory_get_usage() deltas; memoryLimit's "refused" values are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, applyEdits } from '../support/fixtures';
import { objectSize } from '../../server/src/features/memory';
import { classesIn, shortName } from '../../server/src/core/model';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements } from '../../server/src/core/units';
import { judgeMemoryLimit } from '../../server/src/rules/memory/memoryLimit';
import { scratchDir } from '../support/tmp';

const dir = scratchDir('memlens-mem-');

function php(code: string, args: string[] = []): { out: string; err: string } {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.php`);
  writeFileSync(file, code);
  const r = spawnSync('php', [...args, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`real PHP is needed for this test and was not found (${r.error.message}); run scripts/ensure-tools.sh`);
  return { out: r.stdout, err: r.stderr };
}

test('php 8.2 is available', () => {
  const r = spawnSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
  assert.ok(!r.error, 'php not found: run scripts/ensure-tools.sh');
  assert.match(r.stdout, /^8\./);
});

const CYCLE = `<?php
final class Node { public ?Node $next = null; public ?Node $prev = null; }
function linkPair(): void
{
    $a = new Node();
    $b = new Node();
    $a->next = $b;
    $b->prev = $a;
    unset($a, $b);
}
function tree(): int
{
    $root = new stdClass();
    $root->children = [];
    $leaf = new stdClass();
    $root->children[] = $leaf;
    $leaf->parent = $root;
    return 1;
}
`;
const DRIVER = `
gc_collect_cycles();
linkPair();
tree();
echo gc_collect_cycles(), "\\n";
`;

test('objectCycle: what it reports is only freed by the collector, and its fix frees it at once', () => {
  const findings = analyze(CYCLE, 'cycle.php').filter((f) => f.rule === 'memory.objectCycle');
  assert.equal(findings.length, 2, findings.map((f) => f.message).join('\n'));
  const before = php(CYCLE + DRIVER).out.trim();
  // 2 Node objects + the tree (2 objects and the children array) are garbage for the collector.
  assert.equal(before, '5');
  const fixed = applyEdits(CYCLE, findings.flatMap((f) => f.fixes![0].edits));
  assert.equal(analyze(fixed, 'cycle.php').filter((f) => f.rule === 'memory.objectCycle').length, 0);
  assert.equal(php(fixed + DRIVER).out.trim(), '0', fixed);
});

test('hover sizes equal memory_get_usage() deltas', () => {
  const decls: string[] = [];
  const probes: string[] = [];
  for (let declared = 0; declared <= 12; declared += 3) {
    for (const dynamic of [0, 1, 8, 9]) {
      const name = `C${declared}_${dynamic}`;
      const props = Array.from({ length: declared }, (_, i) => `public $p${i} = null;`).join(' ');
      const sets = Array.from({ length: dynamic }, (_, i) => `$this->d${i} = 1;`).join(' ');
      decls.push(`#[AllowDynamicProperties] class ${name} { ${props} function fill() { ${sets} } }`);
      // The delta is taken before echo: a script's first output allocates 32 bytes (FACTS.md 2).
      probes.push(`$m = memory_get_usage(); $o = new ${name}(); $o->fill(); $d = memory_get_usage() - $m; echo "${name} ", $d, "\\n"; unset($o);`);
    }
  }
  const code = `<?php\n${decls.join('\n')}\necho " ";\n$m = $d = 0;\n${probes.join('\n')}\n`;
  const measured = new Map(php(code).out.trim().split('\n').map((l) => l.split(' ') as [string, string]));
  const classes = classesIn(topLevelStatements(parsePhp(code).program));
  for (const [name, bytes] of measured) {
    const info = classes.get(shortName(name))!;
    // AllowDynamicProperties classes still get the table; the hover skips only its deprecation advice.
    const size = objectSize({ ...info, node: { ...info.node, attrGroups: [] } }, classes);
    assert.equal(size.total, Number(bytes), `${name}: MemLens ${size.total}, PHP ${bytes}`);
  }
});

test('memoryLimit: the values it calls refused are refused by PHP', () => {
  const fractional = judgeMemoryLimit('1.5G');
  assert.equal(fractional?.severity, 'warning');
  assert.match(fractional!.problem, /reads it as "1G"/);
  assert.equal(fractional!.normalised, '1536M');
  const r15 = php(`<?php ini_set('memory_limit', '1.5G'); $x = str_repeat('x', 1200 * 1048576);`, ['-d', 'memory_limit=128M']);
  assert.match(r15.out + r15.err, /interpreting as "1G"[\s\S]*Allowed memory size of 1073741824 bytes/);
  for (const value of ['256', '256MB', '2K']) {
    const verdict = judgeMemoryLimit(value);
    assert.equal(verdict?.severity, 'error', value);
    const r = php(`<?php var_dump(ini_set('memory_limit', '${value}')); echo ini_get('memory_limit');`, ['-d', 'memory_limit=128M']);
    assert.match(r.out + r.err, /bool\(false\)|Invalid/, `${value}: ${r.out}${r.err}`);
    assert.match(r.out, /128M$/, `${value} must leave the limit unchanged`);
  }
  for (const value of ['256M', '1G', '4194304']) {
    assert.equal(judgeMemoryLimit(value), null, value);
    const r = php(`<?php ini_set('memory_limit', '${value}'); echo ini_get('memory_limit');`, ['-d', 'memory_limit=128M']);
    assert.equal(r.out, value);
  }
  assert.equal(judgeMemoryLimit('-1')?.severity, 'warning');
});

test('redundantUnset: removing the unset it reports changes nothing PHP can measure', () => {
  const code = readFileSync(join(__dirname, '..', '..', 'examples', 'memory', 'not-a-leak.php'), 'utf8');
  const findings = analyze(code, 'not-a-leak.php').filter((f) => f.rule === 'memory.redundantUnset');
  assert.equal(findings.length, 1);
  const without = applyEdits(code, findings[0].fixes![0].edits);
  assert.ok(!without.includes('unset($objects)'));
  const a = php(code).out;
  const b = php(without).out;
  assert.match(a, /after 1 call: (\d+) bytes, after 10 calls: \1 bytes/, 'nothing accumulates across calls');
  assert.equal(b, a, 'same memory figures with and without the unset');
});

test('foreachReferenceLeftover: the bug it reports is real, and its fix removes it', () => {
  const code = readFileSync(join(__dirname, '..', '..', 'examples', 'memory', 'foreach-reference.php'), 'utf8');
  const findings = analyze(code, 'foreach-reference.php').filter((f) => f.rule === 'memory.foreachReferenceLeftover');
  assert.equal(findings.length, 1);
  assert.match(php(code).out, /^12\.00\n24\.00\n24\.00\n/, 'the last price is overwritten');
  const fixed = applyEdits(code, findings[0].fixes![0].edits);
  assert.match(php(fixed).out, /^12\.00\n24\.00\n36\.00\n/, 'after unset($price) every price is right');
});
