// Memory hovers: object sizes per FACTS.md 4, cycles of a class, and what gc_*/memory_* functions do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryHover, bin, FUNCTION_FACTS } from '../../server/src/features/memory';
import { PhpDocument } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';

function hoverAt(text: string, needle: string, delta = 1) {
  const doc = new PhpDocument(text, 'h.php');
  const offset = text.indexOf(needle) + delta;
  return memoryHover({ text, fileName: 'h.php', language: 'php', offset, settings: defaultSettings, statements: () => doc.statements() });
}

const SOURCE = `<?php
class Point
{
    public int $x = 0;
    public int $y = 0;
}

class Bag
{
    public function fill(): void
    {
        $this->a = 1;
        $this->b = 2;
    }
}

class Node
{
    public ?Node $parent = null;
    public array $children = [];

    public function add(Node $child): void
    {
        $this->children[] = $child;
        $child->parent = $this;
    }
}

function f(): void
{
    $p = new Point();
    $b = new Bag();
    $o = new stdClass();
    gc_collect_cycles();
    echo memory_get_usage();
}
`;

test('Zend MM bins round up as FACTS.md 4 lists them', () => {
  assert.equal(bin(40), 40);
  assert.equal(bin(41), 48);
  assert.equal(bin(72), 80);
  assert.equal(bin(3073), 4096);
});

test('new X: bin(40 + 16 x declared properties)', () => {
  const h = hoverAt(SOURCE, 'new Point');
  assert.ok(h, 'hover expected');
  assert.match(h!.markdown, /Point object: 80 bytes/); // bin(40 + 32) = 80, as php 8.2 measures
});

test('new X with dynamic properties adds the property table and key strings', () => {
  const h = hoverAt(SOURCE, 'new Bag');
  assert.ok(h);
  // bin(40) + (56 + 320) = 416, as php 8.2 measures (the names are interned literals)
  assert.match(h!.markdown, /Bag object: 416 bytes/);
  assert.match(h!.markdown, /`\$a`, `\$b`/);
});

test('new stdClass: 40 bytes', () => {
  const h = hoverAt(SOURCE, 'new stdClass');
  assert.match(h!.markdown, /stdClass object: 40 bytes/);
});

test('class name: the cycles it takes part in', () => {
  const h = hoverAt(SOURCE, 'Node\n{', 0);
  assert.ok(h);
  assert.match(h!.markdown, /parent\/child: `\$child->parent = \$this`/);
  const p = hoverAt(SOURCE, 'Point\n{', 0);
  assert.match(p!.markdown, /no reference cycle/);
});

test('gc_* and memory_* calls say what they really do', () => {
  const gc = hoverAt(SOURCE, 'gc_collect_cycles()');
  assert.match(gc!.markdown, /adds 2 to `runs`/);
  const mem = hoverAt(SOURCE, 'memory_get_usage()');
  assert.match(mem!.markdown, /32 bytes/);
  assert.ok(Object.keys(FUNCTION_FACTS).includes('gc_status'));
});

test('no hover elsewhere', () => {
  assert.equal(hoverAt(SOURCE, 'echo', 1), null);
});
