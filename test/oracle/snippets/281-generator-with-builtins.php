<?php
function g() { yield 'a' => 1; yield 'b' => 2; }
foreach ([fn() => clone g(), fn() => count(g()), fn() => iterator_count(g()), fn() => print_r(g(), true), fn() => array_map(fn($x) => $x, iterator_to_array(g())), fn() => is_iterable(g()), fn() => g() instanceof Countable, fn() => implode(',', iterator_to_array(g()))] as $i => $f) {
  try { var_dump($f()); } catch (Throwable $e) { echo $i, ' ', get_class($e), ': ', $e->getMessage(), "\n"; }
}
