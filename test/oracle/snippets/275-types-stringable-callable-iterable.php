<?php
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
class Name { function __construct(private string $n) {} function __toString(): string { return $this->n; } }
function greet(Stringable $s): string { return "hi $s"; }
function run(callable $f, ...$args) { return $f(...$args); }
function total(iterable $xs): int { $t = 0; foreach ($xs as $x) { $t += $x; } return $t; }
function gen() { yield 1; yield 2; }
function describe(object $o): string { return get_class($o); }
function pick(int|float|string $v) { var_dump($v); }
class Base { public static function make(): static { return new static(); } public function same(self $o): bool { return $this == $o; } }
class Child extends Base { public function up(parent $p): string { return get_class($p); } }
echo greet(new Name('ann')), "\n";
echo run('strtoupper', 'abc'), ' ', run(fn($a, $b) => $a + $b, 2, 3), ' ', run([new Child, 'up'], new Base), "\n";
echo total([1, 2, 3]), ' ', total(gen()), "\n";
echo describe(new Name('x')), ' ', get_class(Child::make()), "\n";
var_dump((new Child)->same(new Child));
pick(true); pick("1e2"); pick("12"); pick(null ?? 4.5);
foreach ([fn() => greet('plain'), fn() => run('no_such_function'), fn() => total(5), fn() => describe([]), fn() => (new Child)->up('x'), fn() => (new Base)->same(new stdClass), fn() => pick([])] as $i => $c) {
  try { $c(); } catch (TypeError $e) { echo $i, ': ', m($e->getMessage()), "\n"; }
}
