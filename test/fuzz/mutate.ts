// Mutations of real PHP files, described as plain data so fast-check can generate, print and shrink them. A position
// is a number taken modulo the current length, so any list of mutations applies to any file.
import fc from 'fast-check';

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flipByte'; at: number; bit: number }
  | { op: 'deleteBrace'; nth: number }
  | { op: 'insertToken'; at: number; token: string }
  | { op: 'invalidUtf8'; at: number; bytes: number[] }
  | { op: 'loneSurrogate'; at: number; high: boolean }
  | { op: 'nest'; at: number; depth: number; shape: NestShape }
  | { op: 'duplicate'; from: number; length: number; to: number }
  | { op: 'deleteRange'; from: number; length: number };

export type NestShape = 'parens' | 'arrays' | 'blocks' | 'ifs' | 'closures' | 'concat' | 'unclosed';

/** Tokens a user's half-typed code or a broken merge leaves behind, and the constructs the rules look for. */
export const TOKENS: readonly string[] = [
  '{', '}', '(', ')', '[', ']', ';', ',', '"', "'", '`', '$', '$$', '->', '?->', '::', '=>', '&', '&$x', '...', '#[', '@',
  '<?php', '<?=', '?>', '/*', '*/', '//', '#', '\\', '<<<EOT\n', '\nEOT;\n', "<<<'EOT'\n", '${', '{$', '\r\n', '\0', '\u00a0', '\ufeff',
  'function', 'fn', 'class', 'trait', 'interface', 'enum', 'match', 'readonly', 'static', 'global', 'unset(', 'list(',
  'yield', 'yield from', 'new', 'clone', 'instanceof', 'while (true)', 'for (;;)', 'foreach ($a as &$v)', 'declare(strict_types=1);',
  'goto a;', 'a:', '__halt_compiler();', 'namespace A;', 'use B\\C;',
  '$this->self = $this;', '$o->self = $o;', '$a[] = $a;', '$x = &$x;', 'gc_disable();', 'gc_collect_cycles();',
  "ini_set('memory_limit', '-1');", "ini_set('session.save_handler', 'memcached');", 'session_start();',
  "$conf = new RdKafka\\Conf(); $conf->set('enable.auto.commit', 'false');", '$consumer->consume(1000);',
  "$producer->produce(RD_KAFKA_PARTITION_UA, 0, 'x');", 'static $cache = []; $cache[] = $x;', 'while ($job = $queue->pop()) { $all[] = $job; }',
  'file_get_contents("php://stdin")', 'fn() => $this', 'function __destruct() {}', '$GLOBALS["x"][] = 1;',
];

export const NEST_SHAPES: readonly NestShape[] = ['parens', 'arrays', 'blocks', 'ifs', 'closures', 'concat', 'unclosed'];

/** Text that opens and closes `depth` levels of one construct around a hole. */
export function nesting(shape: NestShape, depth: number): { open: string; close: string } {
  switch (shape) {
    case 'parens': return { open: '$n = ' + '('.repeat(depth), close: '1' + ')'.repeat(depth) + ';' };
    case 'arrays': return { open: '$n = ' + '['.repeat(depth), close: ']'.repeat(depth) + ';' };
    case 'blocks': return { open: '{'.repeat(depth), close: '}'.repeat(depth) };
    case 'ifs': return { open: 'if ($c) {'.repeat(depth), close: '}'.repeat(depth) };
    case 'closures': return { open: '$f = ' + 'function () { return '.repeat(depth), close: '1; }'.repeat(depth) + ';' };
    case 'concat': return { open: '$s = ' + '$a . '.repeat(depth), close: '$b;' };
    case 'unclosed': return { open: '('.repeat(depth), close: '' };
  }
}

const utf8 = new TextDecoder('utf-8');

function at(position: number, length: number): number {
  return length === 0 ? 0 : Math.abs(Math.trunc(position)) % (length + 1);
}

/** Applies one mutation. Byte-level ones re-encode the text and decode it the way the CLI reads a file (lossily). */
export function mutate(text: string, m: Mutation): string {
  switch (m.op) {
    case 'truncate': return text.slice(0, at(m.at, text.length));
    case 'flipByte': {
      const bytes = Buffer.from(text, 'utf8');
      if (!bytes.length) return text;
      const i = at(m.at, bytes.length - 1);
      bytes[i] ^= 1 << (m.bit & 7);
      return utf8.decode(bytes);
    }
    case 'deleteBrace': {
      const positions: number[] = [];
      for (let i = 0; i < text.length; i++) if ('{}()[];'.includes(text[i])) positions.push(i);
      if (!positions.length) return text;
      const i = positions[m.nth % positions.length];
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 'insertToken': {
      const i = at(m.at, text.length);
      return text.slice(0, i) + m.token + text.slice(i);
    }
    case 'invalidUtf8': {
      const bytes = Buffer.from(text, 'utf8');
      const i = at(m.at, bytes.length);
      return utf8.decode(Buffer.concat([bytes.subarray(0, i), Buffer.from(m.bytes), bytes.subarray(i)]));
    }
    case 'loneSurrogate': {
      // An editor's buffer can hold half a surrogate pair (JSON carries it as \udXXX); offsets are UTF-16 units.
      const i = at(m.at, text.length);
      return text.slice(0, i) + (m.high ? '\ud83d' : '\ude00') + text.slice(i);
    }
    case 'nest': {
      const i = at(m.at, text.length);
      const { open, close } = nesting(m.shape, m.depth);
      return text.slice(0, i) + open + close + text.slice(i);
    }
    case 'duplicate': {
      const from = at(m.from, text.length);
      const piece = text.slice(from, from + (m.length % 2000));
      const to = at(m.to, text.length);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'deleteRange': {
      const from = at(m.from, text.length);
      return text.slice(0, from) + text.slice(from + (m.length % 2000));
    }
  }
}

export function mutateAll(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(mutate, text);
}

const position = fc.nat({ max: 1 << 30 });

/** Deep nesting is rare but always at some depth the parser or a rule's recursion cannot take. */
const depth = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 2, arbitrary: fc.constantFrom(500, 3000, 10_000) }, { weight: 1, arbitrary: fc.constant(100_000) });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flipByte' as const), at: position, bit: fc.nat({ max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteBrace' as const), nth: position }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insertToken' as const), at: position, token: fc.constantFrom(...TOKENS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('invalidUtf8' as const), at: position, bytes: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('loneSurrogate' as const), at: position, high: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nest' as const), at: position, depth, shape: fc.constantFrom(...NEST_SHAPES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), from: position, length: fc.nat({ max: 1999 }), to: position }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deleteRange' as const), from: position, length: fc.nat({ max: 300 }) }) },
);

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 6 });
