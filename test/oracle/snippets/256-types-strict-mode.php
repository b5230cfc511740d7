<?php
declare(strict_types=1);
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
function i(int $x) { var_dump($x); }
function f(float $x) { var_dump($x); }
function s(string $x) { var_dump($x); }
function r(): float { return 3; }
function rs(): string { return 3; }
class P { public int $n = 0; public float $f = 0.0; }
f(3);
var_dump(r());
foreach ([fn() => i("5"), fn() => i(1.0), fn() => i(true), fn() => s(5), fn() => f("1.5"), fn() => rs()] as $k => $c) {
  try { $c(); } catch (TypeError $e) { echo $k, ': ', m($e->getMessage()), "\n"; }
}
$p = new P;
$p->f = 2;
var_dump($p->f);
try { $p->n = "3"; } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
var_dump($p->n);
