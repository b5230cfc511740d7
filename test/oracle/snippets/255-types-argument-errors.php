<?php
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
function i(int $x) { return $x; }
function s(string $s) { return $s; }
function arr(array $a) { return $a; }
function u(int|string|null $x) { return $x; }
function obj(?Countable $c) { return $c; }
function v(int ...$xs) { return $xs; }
class A {
  function m(int $a, string $b = 'x') {}
  static function sm(float $f) {}
  function self(self $o) { return $o; }
}
class B extends A {}
$calls = [
  fn() => i("abc"), fn() => i("5 apples"), fn() => i([]), fn() => i(null), fn() => i(new A), fn() => i(1e30),
  fn() => s([]), fn() => s(null), fn() => s(new A), fn() => arr("x"), fn() => arr(1), fn() => u([]),
  fn() => obj(new A), fn() => obj([]), fn() => v(1, 2, "x"), fn() => (new A)->m("z"), fn() => (new A)->m(1, []),
  fn() => A::sm("q"), fn() => (new B)->self(1), fn() => (function (bool $b) {})([]), fn() => (fn(int $n) => $n)("n"),
  fn() => i(),
];
foreach ($calls as $k => $c) {
  try {
    $c();
    echo "$k ok\n";
  } catch (TypeError $e) {
    echo $k, ' ', get_class($e), ': ', m($e->getMessage()), ' (line ', $e->getLine(), ")\n";
  }
}
var_dump(obj(null), (new B)->self(new B) instanceof B);
