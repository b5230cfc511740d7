// Crashes and hangs the fuzzer found, each reduced to a minimal input. They live in code other engineers own
// (parse.ts, the simulator), so they are recorded here (failing until fixed, then guarding the fix); a test that can
// hang or exhaust memory runs in a child process with a timeout and a heap cap, so it fails instead of stalling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PhpDocument } from '../../server/src/core/document';
import { defaultSettings } from '../../server/src/config';
import { simulate } from '../../server/src/sim';
import { lexesClosed, parsePhp } from '../../server/src/core/parse';
import { SIM_GUARDS } from './checks';

const ROOT = join(__dirname, '..', '..');

/** Runs `body` (TypeScript, with `code` bound to the input) in a fresh node with tsx; returns what it printed. */
function isolated(body: string, code: string, { timeoutMs = 20_000, heapMb = 512 } = {}) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', '-e', `const code = ${JSON.stringify(code)};\n${body}`], {
    cwd: ROOT, timeout: timeoutMs, encoding: 'utf8', killSignal: 'SIGKILL',
  });
  const how = r.error?.message.includes('ETIMEDOUT') || r.signal === 'SIGKILL' ? `did not finish within ${timeoutMs} ms` : `exit ${r.status}`;
  return { ok: r.status === 0, how, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').split('\n').filter((l) => !/^\s+at |^\s*\d+: 0x/.test(l)).slice(-8).join('\n') };
}

test('parsePhp returns on an unterminated attribute followed by whitespace at the end of the file (`#[` then newline)', () => {
  // Typing `#[Attr]` on the last lines of a file passes through `#[\n`: php-parser 3.7's lexer, in its attribute
  // state, consumes the trailing whitespace, unputs one character and returns no token, forever, while memory grows.
  for (const code of ['<?php #[\n', "<?php\n#[''\n", '<?php\nclass A {}\n#[Route\n\n']) {
    const r = isolated(`const { parsePhp } = require('./server/src/core/parse');\nconsole.log(JSON.stringify(parsePhp(code).errors.length > 0));`, code, { timeoutMs: 8_000, heapMb: 256 });
    assert.ok(r.ok, `parsePhp(${JSON.stringify(code)}) ${r.how}\n${r.stderr}`);
    assert.equal(r.stdout.trim(), 'true', 'the unterminated attribute is reported as a syntax error');
  }
});

test('typing `#[` above a method (the start of an attribute) does not hang the incremental document', () => {
  // The same lexer loop, as a user meets it: the edit re-parses only the member's tile, which holds no `]` to end
  // the attribute state, so PhpDocument.update never returns and the server freezes while its memory grows.
  const base = '<?php\n\nclass Controller\n{\n    public function index(array $items)\n    {\n        $count = count($items);\n\n        return $count;\n    }\n}\n';
  const r = isolated(`const { PhpDocument } = require('./server/src/core/document');
const { defaultSettings } = require('./server/src/config');
const doc = new PhpDocument(code, 'c.php');
doc.findings(defaultSettings);
const at = code.indexOf('    public function');
doc.update([{ start: at, end: at, text: '#' }]);
doc.update([{ start: at + 1, end: at + 1, text: '[' }]);
console.log(doc.findings(defaultSettings).some((f) => f.rule === 'php.parseError'));`, base, { timeoutMs: 8_000, heapMb: 256 });
  assert.ok(r.ok, `typing #[ ${r.how}\n${r.stderr}`);
  assert.equal(r.stdout.trim(), 'true');
});

test('the simulator with a trace stays within memory on a loop that grows an array until the step guard', () => {
  // Found by the fuzzer, fixed in recorder.ts: it snapshotted every step (up to 5,000) with every element of every
  // reachable array, O(steps x elements) entries, and with trace on (the Simulate GC panel) exhausted the heap long
  // before the step guard stopped the program.
  const code = '<?php\nfor (;;) { $keep[] = new stdClass; }\n';
  const r = isolated(`const { simulate } = require('./server/src/sim');\nconst r = simulate(code, ${JSON.stringify({ ...SIM_GUARDS, trace: true })});\nconsole.log(r.exitCode, r.guard);`, code, { timeoutMs: 60_000, heapMb: 512 });
  assert.ok(r.ok, `simulate with trace ${r.how}\n${r.stderr}`);
  assert.match(r.stdout, /^4 .*step limit/);
});

test('the simulator never throws on a printf format PHP rejects: it becomes the PHP error real PHP reports', () => {
  // format.ts throws a plain JavaScript Error('ValueError: ...') that escapes simulate(); PHP 8.2 reports
  // `PHP Fatal error:  Uncaught ArgumentCountError: 2 arguments are required, 1 given` for printf("%").
  for (const code of ['<?php printf("%");', '<?php echo sprintf("%y", 1);', '<?php try { printf("%"); } catch (Error $e) { echo get_class($e), "\\n"; }']) {
    let r;
    assert.doesNotThrow(() => { r = simulate(code, SIM_GUARDS); }, `simulate(${JSON.stringify(code)})`);
    assert.ok(r!.exitCode === 0 || r!.exitCode === 3, `exit ${r!.exitCode}`);
  }
});

test('valid but deeply nested code is not reported as a PHP syntax error', () => {
  // `php -l` accepts 3,000 nested brackets; php-parser's recursion overflows the JavaScript stack and parse.ts turns
  // the RangeError into "PHP syntax error: Maximum call stack size exceeded", telling the user their valid code is
  // broken. The message should say MemLens cannot analyse nesting this deep.
  const code = '<?php $a = ' + '['.repeat(3000) + '1' + ']'.repeat(3000) + ';';
  const findings = new PhpDocument(code, 'deep.php').findings(defaultSettings);
  for (const f of findings) assert.doesNotMatch(f.message, /syntax error: Maximum call stack/i, 'valid code reported as a syntax error');
});

test('a function declaration pasted into a method body is analysed incrementally as in a fresh parse', () => {
  // Found by the incremental fuzzer (Symfony's HttpClientTrait.php, typing the snippet into a method): the fresh
  // parse reports memory.selfReference in the nested function, the incremental document (document.ts tiles) does
  // not, whether the snippet is typed key by key or pasted at once.
  const base = '<?php\n\nclass Client\n{\n    public function send(array $options)\n    {\n        if ($options) {\n            $x = 1;\n        }\n\n        return $options;\n    }\n}\n';
  const at = base.indexOf('\n\n        return') + 1;
  const snippet = 'function added($a) { $a->me = $a; return $a; }\n';
  const doc = new PhpDocument(base, 'client.php');
  doc.findings(defaultSettings);
  doc.update([{ start: at, end: at, text: snippet }]);
  const text = base.slice(0, at) + snippet + base.slice(at);
  const shape = (fs: { rule: string; start: number; end: number }[]) => fs.map((f) => `${f.rule}@${f.start}-${f.end}`).sort();
  const fresh = shape(new PhpDocument(text, 'client.php').findings(defaultSettings));
  assert.ok(fresh.length > 0, 'the fresh parse finds the self-reference');
  assert.deepEqual(shape(doc.findings(defaultSettings)), fresh);
});

test('deleting across two `use` lines and undoing it leaves no phantom syntax error', () => {
  // Found by the incremental fuzzer (Symfony's BasicAuthenticationListener.php): after the delete and the undo the
  // text is the original, which parses, yet the incremental document keeps reporting "syntax error, expecting ';'".
  const base = '<?php\n\nnamespace App\\Http;\n\nuse App\\Security\\TokenInterface;\nuse App\\Security\\SessionStrategyInterface;\nuse Psr\\Log\\LoggerInterface;\n\nclass Listener\n{\n    public function __construct(private LoggerInterface $logger) {}\n}\n';
  const from = base.indexOf('TokenInterface') + 5;
  const to = base.indexOf('SessionStrategyInterface') + 10;
  const doc = new PhpDocument(base, 'listener.php');
  doc.findings(defaultSettings);
  doc.update([{ start: from, end: to, text: '' }]);
  doc.findings(defaultSettings);
  doc.update([{ start: from, end: from, text: base.slice(from, to) }]);
  assert.equal(doc.text, base);
  assert.deepEqual(doc.findings(defaultSettings).map((f) => `${f.rule}: ${f.message}`), new PhpDocument(base, 'listener.php').findings(defaultSettings).map((f) => `${f.rule}: ${f.message}`));
});

test('lexesClosed (the incremental re-parse check) does not throw on text the lexer rejects', () => {
  // Found by the incremental fuzzer (Symfony's ExpressionLanguage/TokenStream.php, typing `#[Attr]`): php-parser's
  // lexer throws "Bad terminal sequence" for `?` inside an attribute; lexesClosed calls lexer.lex() without the
  // try/catch parsePhp has, so PhpDocument.update -> parseRegion throws and the server drops the document's AST.
  for (const text of ['<?php #[?x;', '<?php #[$a?;']) assert.doesNotThrow(() => lexesClosed(text, ';'), JSON.stringify(text));
  const base = '<?php\n$a = 1;\n$b = 2;\n';
  const doc = new PhpDocument(base, 'x.php');
  doc.findings(defaultSettings);
  assert.doesNotThrow(() => doc.update([{ start: base.indexOf('$b'), end: base.indexOf('$b'), text: '#[?' }]));
});

test('an expression missing after `(` is a syntax error, not a TypeError that drops the file\'s AST', () => {
  // Found by the incremental fuzzer (Symfony's ProviderFactoryTestCase.php): php-parser 3.7's read_expr_item returns
  // nothing where an expression cannot start, and its `(` branch then sets `parenthesizedExpression` on undefined;
  // parse.ts turned the TypeError into "PHP syntax error: Cannot set properties of undefined" with an empty AST.
  // `(&` reads `kind` of the missing variable the same way.
  for (const code of ['<?php (', '<?php ()', '<?php $a = (;', '<?php function f() { ( }', '<?php (&', '<?php f((});']) {
    const { errors } = parsePhp(code);
    assert.ok(errors.length > 0, `no error for ${code}`);
    for (const e of errors) assert.doesNotMatch(e.message, /Cannot (set|read) properties|undefined/, code);
  }
  // The statements around the broken one are still read.
  const { program } = parsePhp('<?php $a = 1;\nf(();\n$b = 2;\n');
  assert.deepEqual(program.children.map((n: any) => n.kind), ['expressionstatement', 'expressionstatement', 'expressionstatement']);
});

test('deleting across two methods and undoing it leaves no phantom syntax error', () => {
  // The same fuzz case, reduced: the delete joins a()'s `return` to a statement of b(); the undo re-parses that
  // statement's tile, whose text now holds a()'s closing `}`, b()'s header and its first line. Parsed on its own in
  // the function-body wrapper it closed the wrapper early and was kept as a broken statement, though the restored
  // class parses.
  const base = '<?php\n\nclass T\n{\n    public function a()\n    {\n        return [];\n    }\n\n    public function b()\n    {\n        $factory = $this->make();\n        return $factory;\n    }\n}\n';
  const from = base.indexOf(' [];');
  const to = base.indexOf('ry = $this');
  const doc = new PhpDocument(base, 't.php');
  doc.findings(defaultSettings);
  // Touch the method body first, so the class is tiled as it was when the fuzzer found it.
  const at = base.indexOf('$factory');
  doc.update([{ start: at, end: at, text: ' ' }]);
  doc.update([{ start: at, end: at + 1, text: '' }]);
  doc.update([{ start: from, end: to, text: '' }]);
  doc.findings(defaultSettings);
  doc.update([{ start: from, end: from, text: base.slice(from, to) }]);
  assert.equal(doc.text, base);
  assert.deepEqual(doc.parseErrors, []);
  assert.deepEqual(doc.findings(defaultSettings), new PhpDocument(base, 't.php').findings(defaultSettings));
});

/** Applies `edits` to a PhpDocument (asking for findings after each, as the server does) and compares the end with a
 * fresh document of the same text: parse errors and findings. */
function editedAsFresh(base: string, edits: Array<{ start: number; end: number; text: string }>): void {
  const doc = new PhpDocument(base, 'x.php');
  doc.findings(defaultSettings);
  let text = base;
  for (const e of edits) {
    doc.update([e]);
    doc.findings(defaultSettings);
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  }
  assert.equal(doc.text, text);
  const fresh = new PhpDocument(text, 'x.php');
  assert.deepEqual(doc.parseErrors, fresh.parseErrors);
  const shape = (fs: { rule: string; start: number; end: number }[]) => fs.map((f) => `${f.rule}@${f.start}-${f.end}`);
  assert.deepEqual(shape(doc.findings(defaultSettings)), shape(fresh.findings(defaultSettings)));
}

test('a delete that turns the whole file into a comment, then its undo, parses as a full parse does', () => {
  // Found by the long fuzz run (Symfony's TimeoutException.php): with the header comment's `*/` deleted the file is
  // one `noop` statement starting at offset 0, before `<?php `; the next edit re-parsed it behind a second open tag
  // and reported "unexpected '<'" on a file that parses.
  const base = '<?php\n\n/*\n * Header.\n */\n\nnamespace App;\n\nfinal class TimeoutException extends \\RuntimeException\n{\n}\n';
  const from = base.indexOf('der.');
  const to = base.indexOf('Exception extends');
  editedAsFresh(base, [{ start: from, end: to, text: '' }, { start: from, end: from, text: base.slice(from, to) }]);
});

test('joining a statement to the `use` after it re-parses the `use` with its `;`', () => {
  // Found by the long fuzz run (Symfony's AboutCommand.php): php-parser's location of a `use` statement ends before
  // its `;`, so the chunk after it began with that `;`; re-parsing `return;` joined to the `use` left the `;` out.
  const base = '<?php\n\nnamespace App;\nreturn;\n\nuse App\\Console\\Command;\nuse App\\Console\\Helper;\n\necho 1;\n';
  const at = base.indexOf('\n\nuse') + 1;
  editedAsFresh(base, [{ start: at, end: at + 1, text: '' }]);
  editedAsFresh(base, [{ start: at, end: at + 1, text: '' }, { start: at, end: at, text: '\n' }]);
});

test('typing a function into a switch case is analysed as in a fresh parse', () => {
  // Found by the long fuzz run (test/fixtures/kafka.unhandledConsumeError/fire.php): the cases of a switch were tiled
  // like statements, and a case re-parsed inside a function-body wrapper never parses, so a stale syntax error stayed.
  const base = '<?php\nwhile (true) {\n    $message = $consumer->consume(1000);\n    switch ($message->err) {\n        case RD_KAFKA_RESP_ERR_NO_ERROR:\n            handle($message->payload);\n            break;\n        case RD_KAFKA_RESP_ERR__TIMED_OUT:\n            break;\n    }\n}\n';
  const at = base.indexOf('        case RD_KAFKA_RESP_ERR__TIMED_OUT');
  const typed = 'function added($a) { $a->me = $a; return $a; }\n';
  editedAsFresh(base, [...typed].map((c, k) => ({ start: at + k, end: at + k, text: c })));
});

test('an `if (...) {` typed above some statements and its `}` typed below them parse as one block', () => {
  // Found by the long fuzz run (test/fixtures/kafka.partitionEofNeverArrives/fix.php): the `{` and the `}` fell in
  // different top-level statements, each re-parsed on its own and each broken, though the whole text parses.
  const base = '<?php\n$conf = new RdKafka\\Conf();\n$consumer = new RdKafka\\KafkaConsumer($conf);\n$consumer->subscribe([\'t\']);\necho 1;\n';
  const open = base.indexOf('$consumer =');
  const typedOpen = 'if ($a) {\n';
  const close = base.indexOf('echo 1;') + typedOpen.length;
  editedAsFresh(base, [
    ...[...typedOpen].map((c, k) => ({ start: open + k, end: open + k, text: c })),
    ...[...'}\n'].map((c, k) => ({ start: close + k, end: close + k, text: c })),
  ]);
});

test('a `//` typed into a statement, commenting out its `;`, is a syntax error in the incremental document too', () => {
  // Found by the long fuzz run (test/fixtures/kafka.insecureTransport/fire.php): `$c//f->set(...);` re-parsed on
  // its own ended at the end of its text, which php-parser took for a `;`.
  const base = "<?php\n$conf = new RdKafka\\Conf();\n$conf->set('security.protocol', 'SASL_PLAINTEXT');\n$conf->set('group.id', 'g');\n";
  const at = base.indexOf('$conf->set') + 2;
  const doc = new PhpDocument(base, 'x.php');
  doc.findings(defaultSettings);
  doc.update([{ start: at, end: at + 2, text: '//' }]);
  assert.ok(doc.parseErrors.length > 0, 'no syntax error reported');
  assert.ok(new PhpDocument(doc.text, 'x.php').parseErrors.length > 0);
});

test('a comment typed between a class header and its `{` leaves the class parsing', () => {
  // Found by the long fuzz run (Symfony's ContainerLoader.php): php-parser hands that comment to the first member
  // as a leading comment, so the first member's tile began before the class's `{`; the next keystroke re-parsed
  // the `{` inside the member wrapper and kept "unexpected '{'" on a class that parses.
  const base = '<?php\n\nclass ContainerLoader extends ObjectLoader\n{\n    private $container;\n\n    public function load($resource)\n    {\n        return $this->container->get($resource);\n    }\n}\n';
  const at = base.indexOf('\n{') + 1;
  const typed = '/* note */\n';
  editedAsFresh(base, [...typed].map((c, k) => ({ start: at + k, end: at + k, text: c })));
});

test('a `//` that makes a statement go on into the next one is parsed with it', () => {
  // Found by the long fuzz run (test/fixtures/kafka.invalidValue/silent.php): `$conf-//...` comments out the rest
  // of the line, and the next statement becomes the right operand of `-`: valid PHP, which the statement re-parsed
  // alone (ending at its `-`) called broken.
  const base = "<?php\n$conf = new RdKafka\\Conf();\n$conf->set('enable.auto.commit', 'f');\n$conf->set('socket.keepalive.enable', 'true');\n";
  const at = base.indexOf("->set('enable") + 1;
  editedAsFresh(base, [{ start: at, end: at + 5, text: '//' }]);
});

test('`enum` as the last word of the text does not hang the parser', () => {
  // Found by the long fuzz run (Symfony's ExceptionInterface.php, a token `enum` put at the end of an interface):
  // php-parser's lexer reads the name after `enum` to tell the keyword from a constant, and at the end of the input
  // that loop never ends. Typing `enum` at the end of a class body reaches it.
  for (const code of ['<?php enum', '<?php class A { enum', '<?php f(enum', '<?php enum X']) {
    const r = isolated(`const { parsePhp } = require('./server/src/core/parse');\nconsole.log(parsePhp(code).errors.length > 0);`, code, { timeoutMs: 8_000, heapMb: 256 });
    assert.ok(r.ok, `parsePhp(${JSON.stringify(code)}) ${r.how}\n${r.stderr}`);
    assert.equal(r.stdout.trim(), 'true');
  }
  // The keyword is still told from a name.
  assert.deepEqual(parsePhp('<?php enum Suit: string { case Hearts = "H"; }').errors, []);
  assert.equal(parsePhp('<?php enum Suit {}').program.children[0].kind, 'enum');
  assert.deepEqual(parsePhp('<?php $a = enum;').errors, []);
});

test('an unclosed double-quoted string full of `{` or `$` (a quote flipped above a data file) lexes in linear time', () => {
  // php-parser's lexer puts back one character after each `{` or `$` in a string, and each put-back copied the
  // whole token text so far: a 215 KB Symfony Intl file with one flipped quote took 4 s, a megabyte minutes.
  // The input is built in the child: a megabyte does not fit on a command line.
  for (const [unit, times] of [['{', 1_000_000], ['$ ', 500_000], ['{x', 500_000]] as const) {
    const r = isolated(`const { parsePhp } = require('./server/src/core/parse');\nconst input = '<?php $a = "' + code.repeat(${times});\nconsole.log(JSON.stringify(parsePhp(input).errors.length > 0));`, unit, { timeoutMs: 15_000, heapMb: 512 });
    assert.ok(r.ok, `parsePhp('<?php $a = "' + ${JSON.stringify(unit)} x ${times}) ${r.how}\n${r.stderr}`);
    assert.equal(r.stdout.trim(), 'true', 'the unclosed string is a syntax error');
  }
});
