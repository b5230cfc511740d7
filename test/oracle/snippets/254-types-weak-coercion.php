<?php
function i(int $x) { var_dump($x); }
function f(float $x) { var_dump($x); }
function s(string $x) { var_dump($x); }
function b(bool $x) { var_dump($x); }
function u(int|string $x) { var_dump($x); }
function n(int|float $x) { var_dump($x); }
function ib(int|bool $x) { var_dump($x); }
function fs(float|string $x) { var_dump($x); }
function q(?int $x) { var_dump($x); }
function d(int $x = null) { var_dump($x); }
function v(int ...$xs) { var_dump($xs); }
i("5"); i(" 5"); i("5 "); i(1.0); i(2.9); i(true); i(false); i("1e3"); i("-7");
f(5); f("1.5"); f("3"); f(true);
s(5); s(12); s(1.5); s(1.0); s(true); s(false);
b(0); b(2); b(""); b("0"); b("a"); b(0.0);
u(1.5); u(true); u("x"); u(7);
n("1.5"); n("7"); n("1e2"); n(true);
ib("1"); ib("x"); ib(2.5);
fs(true); fs(5);
q(null); q("3");
d(); d(null); d("4");
v(1, "2", 3.0);
class S { function __toString(): string { return "str"; } }
s(new S);
u(new S);
