// Type feedback for the parser before V8 first optimises it, in a process that checks many files.
//
// V8 optimises a function on the feedback its earlier runs left. php-parser's large functions (read_expr_item,
// read_expr, the lexer's match functions) have a branch for every piece of syntax, and the first files of a scan
// reach only some of them; each branch reached later for the first time throws the optimised code away and V8
// compiles it again (read_expr_item 17 times in one WordPress check, ~24 ms each). One small file that uses PHP's
// syntax broadly, parsed before the first real file while the parser still runs in the interpreter, leaves that
// feedback in one go. Measured on WordPress, 2 threads (bench/README.md): 4.29-4.43 -> 3.95-4.19 s wall, compiles
// 709 -> 581, deoptimisations 277 -> 152. Running the rules over it too was slower (4.64-4.79 s): their feedback
// from this file is unlike a real file's, so their optimised code fitted real files worse.
import { parsePhp } from '../core/parse';

// PHP's `${` and backticks, which a template literal would read as its own.
const DOLLAR_BRACE = '${';
const BACKTICK = '`';

/** Written to reach the parser's branches, not to run: every statement kind, expression kind,
 * string form and declaration form php-parser reads. */
export const WARMUP_PHP = String.raw`<?php
declare(strict_types=1);
namespace App\Warm;

use Foo\Bar as Baz, Foo\Qux;
use function Foo\fn_a;
use const Foo\CONST_A;
const WARM_A = 1, WARM_B = WARM_A + 1;

#[Attribute(Attribute::TARGET_CLASS)]
final class Node extends Base implements \Countable, \IteratorAggregate
{
    use TraitA, TraitB { TraitA::run insteadof TraitB; TraitB::run as protected runB; }
    public const A = 1, B = self::A << 2;
    private static array $cache = [];
    public ?Node $parent = null;
    protected int|string $id;
    public readonly array $children;
    var $legacy;

    public function __construct(private readonly string $name = 'n', public ?self $next = null, int ...$rest)
    {
        $this->children = [];
        $this->parent = $this;
        $seen = $this->next?->parent;
        self::$cache[$name] = $this;
        static::$cache[] = &$this->children;
        parent::__construct(...$rest);
    }

    public function __destruct() { unset($this->parent, self::$cache[$this->name]); }
    protected function tpl(): static { return $this; }
    public static function make(string $n): static { return new static($n); }
    public function count(): int { return \count($this->children); }
    public function getIterator(): \Generator { yield from $this->children; yield 1 => 2; $x = yield; return $x; }
    public function &ref(): array { return $this->children; }
    public function __get($k) { return $this->$k ?? $this->{$k . 'X'} ?? null; }
}

interface Shape extends A, B { const C = 3; public function area(): float; }
trait TraitA { public function run(): void {} abstract function tr(); public static $count = 0; }
enum Suit: string implements HasColor { case Hearts = 'H'; case Spades = 'S'; const Wild = self::Spades;
    public function color(): string { return match ($this) { self::Hearts => 'Red', default => 'Black' }; } }
enum Plain { case One; case Two; }
abstract class Base { function __construct(...$a) {} }

function &gen(int $a, ?array &$b = null, string|int|null $c = PHP_EOL, callable $d = null, Baz&Qux $e = null): iterable
{
    global $config, $db;
    static $seen = [], $n = 0;
    $f = function ($x) use (&$seen, $n): int { return $x + $n; };
    $g = fn(int $x): int => $x * $a;
    $h = static fn() => null;
    $i = strlen(...);
    $j = new class($a) extends Base implements Shape { public function area(): float { return 1.0; } };
    $k = $j::class;
    $l = [1, 'a' => 2, ...$b, [3, 4]];
    [$m, [$n2, $o]] = $l;
    ['a' => $p, 'b' => $q] = $l;
    list($r, , $s) = $l;
    list('x' => $t) = $l;
    $u = $a ? $b : $c;
    $v = $a ?: $c;
    $w = $a ?? $b ?? null;
    $w ??= 1; $w += 1; $w -= 1; $w *= 2; $w /= 2; $w %= 3; $w **= 2; $w .= 'x'; $w &= 1; $w |= 2; $w ^= 3; $w <<= 1; $w >>= 1;
    $x = -$a + +$a - ~$a * !$a / 2 % 3 ** 4 . 'z';
    $y = $a == $b && $a != $c || $a === $d and $a !== $e or $a <> $f xor $a < 1 && $a > 2 && $a <= 3 && $a >= 4 && ($a <=> 5);
    $z = $a & $b | $c ^ $d << 1 >> 2;
    $aa = (int) $a . (integer) $a . (bool) $a . (boolean) $a . (float) $a . (double) $a . (string) $a . (array) $a . (object) $a . (binary) $a;
    $bb = @file_get_contents('x') ?: print 'y';
    $cc = $a instanceof Node ? clone $a : clone($a);
    $dd = isset($a, $b[0], $c->d, $e::$f) && !empty($g['h']);
    $ee = $obj->method($a, named: $b)->prop[0]->{'dyn'}()::STATIC_CONST;
    $ff = $obj?->nullsafe?->call()?->prop;
    $gg = Node::make('a')::$cache['k'] ?? Node::A;
    $hh = $$dynamic . ${DOLLAR_BRACE}'var'} . ${DOLLAR_BRACE}$dyn . 'x'};
    $ii = "interp $a {$b} ${DOLLAR_BRACE}c} {$d->e} $f->g {$h['i']} $j[k] $k[0] {$l::m()} \n\t\\\$ \x41 \u{1F600} \101";
    $jj = 'single \' quoted';
    $kk = <<<EOT
    heredoc $a {$b->c} {$d['e']} ${DOLLAR_BRACE}f}
    EOT;
    $ll = <<<'EOT'
    nowdoc $a
    EOT;
    $mm = ${BACKTICK}ls $a${BACKTICK};
    $nn = 0x1F + 0b101 + 0o17 + 017 + 1_000 + 1.5e3 + .5 + 7E-10 + PHP_INT_MAX + \PHP_INT_SIZE + CONST_A + namespace\X;
    $oo = match (true) { $a > 1, $a < -1 => 'far', default => throw new \RuntimeException('no') };
    $pp = include 'a.php'; $pp = include_once 'b.php'; $pp = require 'c.php'; $pp = require_once __DIR__ . '/d.php';
    $qq = eval('return 1;');
    $rr = __FILE__ . __LINE__ . __CLASS__ . __FUNCTION__ . __METHOD__ . __NAMESPACE__ . __TRAIT__;
    $ss = &$l[0];
    $tt = new Node(...$args);
    $uu = new $cls(); $vv = new (get_class($a))(); $ww = new Node;
    $xx = $a++ + ++$a - $a-- - --$a;
    $yy = array(1, 2, array('k' => 'v'));
    $zz = $a->b->c->d[1][2]['x']->e();
    $fn = 'strlen'; $fn('x'); $obj->$fn(); Node::$fn(); [$obj, 'm'](); ('f')();
    print("x"); echo 'a', 'b'; exit(0); die;
    if ($a): echo 1; elseif ($b): echo 2; else: echo 3; endif;
    if ($a) { } elseif ($b) { } else if ($c) { } else { }
    while ($a--): endwhile; while (true) { break; } while (1) { continue 1; }
    do { $a++; } while ($a < 10);
    for ($i2 = 0, $j2 = 1; $i2 < 10; $i2++, $j2--): endfor;
    for (;;) { break 1; }
    foreach ($l as $key => &$value) { $value++; } unset($value);
    foreach ($l as [$fa, $fb]): endforeach;
    foreach ($l as list($fc)) {}
    switch ($a) { case 1: case 2; echo 'x'; break; default: echo 'y'; }
    switch ($a): case 1: break; endswitch;
    try { throw new \Exception('e'); } catch (\LogicException | \RuntimeException $ex) { } catch (\Throwable) { } finally { }
    declare(ticks=1) { }
    goto end;
    end:
    __halt_compiler_not();
    ?>html <?= $a ?> more<?php
    return $l;
}

$db = new \PDO('mysql:host=x', 'u', 'p');
$rows = $db->query('select 1')->fetchAll();
$m = new \Memcached('pool');
$m->addServer('127.0.0.1', 11211);
$m->setOption(\Memcached::OPT_BINARY_PROTOCOL, true);
$m->set('k', 'v', 86400 * 31);
ini_set('session.save_handler', 'memcached');
ini_set('session.save_path', 'tcp://127.0.0.1:11211');
ini_set('memory_limit', '-1');
session_start(['cookie_secure' => false]);
session_set_save_handler(new \SessionHandler(), true);
$conf = new \RdKafka\Conf();
$conf->set('metadata.broker.list', 'kafka:9092');
$conf->set('enable.auto.commit', 'false');
$conf->set('group.id', 'g');
$consumer = new \RdKafka\KafkaConsumer($conf);
$consumer->subscribe(['t']);
$producer = new \RdKafka\Producer($conf);
$topic = $producer->newTopic('t');
gc_disable();
while (true) {
    $message = $consumer->consume(1000);
    switch ($message->err) { case RD_KAFKA_RESP_ERR_NO_ERROR: break; case RD_KAFKA_RESP_ERR__PARTITION_EOF: break; }
    $topic->produce(RD_KAFKA_PARTITION_UA, 0, $message->payload);
    $log[] = $message;
    $text .= $message->payload;
    $GLOBALS['seen'][] = $message;
    Node::$cache[] = $message;
    $a = new Node('a'); $b = new Node('b'); $a->next = $b; $b->next = $a;
    $self = []; $self['me'] = &$self;
    $closure = function () { return $this; };
    foreach (range(1, 1000000) as $i) { gc_collect_cycles(); }
    $lines = file('big.txt');
    sleep(1);
    curl_exec($ch);
    unset($a, $b);
    $a = null;
}
$server = new \Swoole\Http\Server('0.0.0.0', 9501);
$server->on('request', function ($request, $response) use (&$state) { $state[] = $request; file_get_contents('http://x'); });
$loop = \React\EventLoop\Loop::get();
$loop->addPeriodicTimer(1, function () { usleep(10); });
$worker = \Spiral\RoadRunner\Worker::create();
while ($req = $worker->waitRequest()) { $worker->respond($req); }
$queue = new \SplQueue(); $queue->enqueue(1);
$producer->flush(10000);
__halt_compiler();
bytes after the halt are data
`;

/** Parses the warm-up file as a check parses (no comments), and drops the tree. */
export function warmUpParser(): void {
  for (let i = 0; i < WARMUP_PARSES; i++) parsePhp(WARMUP_PHP, 'warmup.php', undefined, { comments: false });
}

/**
 * Twice: one parse leaves two kinds of feedback out. A function gets its feedback vector only after some calls, so
 * what it ran before then recorded nothing; and a call site of a node builder that ran once saw one builder closure,
 * so V8 specialises it on that very closure, and the optimised code is thrown away at the first other builder
 * ("wrong call target") or when that closure is collected ("weak objects"). The second parse (~14 ms) fills both in.
 * Measured on WordPress, 2 threads, three runs each: TurboFan compiles of read_expr_item 11-15 -> 8-9, read_expr 9 ->
 * 4, deoptimisations for a wrong call target 10 -> 2, lazy ones 16-38 -> 1-4, compile time 2.46-2.76 -> 2.28-2.52 s
 * of CPU. A third parse made no further difference (2.25-2.57 s).
 */
const WARMUP_PARSES = 2;
