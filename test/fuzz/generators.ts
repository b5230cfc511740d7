// Generated inputs: keystroke-like edit sequences for the incremental document, and small PHP programs inside the
// simulator's subset (cycles, references, closures, destructors, recursion, loops, big allocations) so the fuzzer
// reaches the interpreter's inner paths instead of stopping at "unsupported".
import fc from 'fast-check';
import type { TextEdit } from '../../server/src/core/document';
import { TOKENS } from './mutate';

/** What a user types into a file: statements and declarations the rules react to, and halves of constructs. */
export const TYPED: readonly string[] = [
  '$o = new stdClass;\n', '$o->self = $o;\n', '$this->parent = $this;\n', 'gc_collect_cycles();\n', 'gc_disable();\n',
  'foreach ($items as &$item) { $item++; }\n', 'unset($item);\n', '$all[] = $row;\n', 'static $seen = [];\n',
  'function added($a) { $a->me = $a; return $a; }\n', 'class Added { public $p; public function __construct() { $this->p = $this; } }\n',
  'while (true) { $msg = $consumer->consume(1000); $buffer[] = $msg; }\n', "$conf = new RdKafka\\Conf();\n",
  "$conf->set('group.id', 'x');\n", "ini_set('session.gc_maxlifetime', '99999999');\n", 'session_start();\n',
  'if ($a) {\n', '}\n', '/* note */\n', '// @memlens-ignore memory.selfReference\n', "'unterminated\n", 'fn($x) => $x;\n',
  '$f = function () use (&$f) { return $f; };\n', 'return;\n', '#[Attr]\n', 'public function m() {}\n', '<<<EOT\nx\nEOT;\n',
];

export type EditOp =
  | { op: 'type'; line: number; snippet: string }
  | { op: 'typeThenErase'; line: number; snippet: string }
  | { op: 'deleteThenUndo'; from: number; length: number }
  | { op: 'rename'; nth: number; name: string }
  | { op: 'token'; at: number; remove: number; token: string };

export const editOpArb: fc.Arbitrary<EditOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('type' as const), line: fc.nat(), snippet: fc.constantFrom(...TYPED) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('typeThenErase' as const), line: fc.nat(), snippet: fc.constantFrom(...TYPED) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteThenUndo' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), nth: fc.nat(), name: fc.constantFrom('$o', '$item', '$this', '$buffer', '$renamed') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('token' as const), at: fc.nat(), remove: fc.nat({ max: 20 }), token: fc.constantFrom(...TOKENS) }) },
);

export const editOpsArb = fc.array(editOpArb, { minLength: 1, maxLength: 8 });

function lineStart(text: string, n: number): number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && starts.length < 100_000; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  // Never before the `<?php` line: typing there is a different file kind, covered by the mutation fuzzer.
  const usable = starts.slice(1);
  return usable.length ? usable[n % usable.length] : text.length;
}

/** Expands operations into single-keystroke (or paste) edits against the evolving text. */
export function expandEdits(initial: string, ops: readonly EditOp[]): TextEdit[] {
  const edits: TextEdit[] = [];
  let text = initial;
  const apply = (e: TextEdit) => {
    edits.push(e);
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  };
  for (const op of ops) {
    switch (op.op) {
      case 'type':
      case 'typeThenErase': {
        const at = lineStart(text, op.line);
        for (let i = 0; i < op.snippet.length; i++) apply({ start: at + i, end: at + i, text: op.snippet[i] });
        if (op.op === 'typeThenErase') for (let i = op.snippet.length; i > 0; i--) apply({ start: at + i - 1, end: at + i, text: '' });
        break;
      }
      case 'deleteThenUndo': {
        const from = text.length ? op.from % text.length : 0;
        const removed = text.slice(from, from + op.length);
        apply({ start: from, end: from + removed.length, text: '' });
        apply({ start: from, end: from, text: removed });
        break;
      }
      case 'rename': {
        const names = [...text.matchAll(/\$[A-Za-z_]\w*/g)];
        if (!names.length) break;
        const m = names[op.nth % names.length];
        apply({ start: m.index!, end: m.index! + m[0].length, text: op.name });
        break;
      }
      case 'token': {
        const at = text.length ? op.at % text.length : 0;
        apply({ start: at, end: Math.min(at + op.remove, text.length), text: op.token });
        break;
      }
    }
  }
  return edits;
}

// ---- simulator programs ----

const VARS = ['$a', '$b', '$c', '$d'];
const v = fc.constantFrom(...VARS);
const small = fc.integer({ min: 0, max: 5 });

const expr: fc.Arbitrary<string> = fc.oneof(
  fc.constant('new stdClass'), fc.constant('[]'), fc.constant('new Node()'), fc.constant("'text'"), fc.constant("str_repeat('x', 100)"),
  small.map(String), v, v.map((x) => `[${x}, 1]`), v.map((x) => `['k' => ${x}]`), v.map((x) => `fn() => ${x}`),
  v.map((x) => `function () use (${x}) { return ${x}; }`), v.map((x) => `function () use (&${x}) { return ${x}; }`),
  v.map((x) => `make(${x})`), v.map((x) => `count((array) ${x})`), v.map((x) => `${x} ?? null`),
);

const simple: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(v, expr).map(([x, e]) => `${x} = ${e};`),
  fc.tuple(v, v).map(([x, y]) => `${x} = &${y};`),
  fc.tuple(v, v).map(([x, y]) => `if (is_object(${x})) { ${x}->p = ${y}; }`),
  fc.tuple(v, v).map(([x, y]) => `if (is_array(${x})) { ${x}[] = ${y}; }`),
  v.map((x) => `unset(${x});`),
  fc.constant('gc_collect_cycles();'), fc.constant('$s = gc_status(); echo $s["runs"], "\\n";'),
  fc.constant('echo memory_get_usage() > 0 ? "m\\n" : "z\\n";'),
  v.map((x) => `var_dump(${x});`), v.map((x) => `debug_zval_dump(${x});`), v.map((x) => `print_r(${x}); echo "\\n";`),
);

/** Programs that run into each guard: endless loops, runaway recursion, allocation in a loop. */
const runaway = fc.constantFrom(
  'while (true) { $x = 1; }',
  'for (;;) { $keep[] = new stdClass; }',
  'function down($n) { return down($n + 1); } down(0);',
  '$s = "x"; while (true) { $s .= $s; }',
  '$big = []; for ($i = 0; $i < 100000000; $i++) { $big[] = str_repeat("y", 1024); }',
  'function cyc() { $o = new stdClass; $o->o = $o; cyc(); } cyc();',
  '$f = function () use (&$f) { return $f(); }; $f();',
);

const statement: fc.Arbitrary<string> = fc.letrec((tie) => ({
  stmt: fc.oneof(
    { weight: 8, arbitrary: simple },
    { weight: 1, arbitrary: fc.tuple(small, fc.array(tie('stmt') as fc.Arbitrary<string>, { maxLength: 3 })).map(([n, body]) => `for ($i = 0; $i < ${n}; $i++) { ${body.join(' ')} }`) },
    { weight: 1, arbitrary: fc.tuple(v, fc.array(tie('stmt') as fc.Arbitrary<string>, { maxLength: 3 })).map(([x, body]) => `if (${x}) { ${body.join(' ')} } else { unset(${x}); }`) },
    { weight: 1, arbitrary: fc.array(tie('stmt') as fc.Arbitrary<string>, { maxLength: 3 }).map((body) => `try { ${body.join(' ')} } catch (Exception $e) { echo "caught\\n"; }`) },
  ),
})).stmt;

const PRELUDE = `class Node { public $p; public $q; public function __destruct() { echo "destruct\\n"; } }
function make($x) { $n = new Node(); $n->p = $x; return $n; }
`;

export interface SimProgram { code: string; runaway: boolean; }

export const simProgramArb: fc.Arbitrary<SimProgram> = fc.tuple(fc.array(statement, { minLength: 1, maxLength: 12 }), fc.option(runaway, { freq: 6 }))
  .map(([stmts, tail]) => ({ code: `<?php\n${PRELUDE}${stmts.join('\n')}\n${tail ?? ''}\necho "end\\n";\n`, runaway: tail !== null }));
