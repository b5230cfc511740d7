<?php
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
class A {}
class B extends A {
  public static function make(): static { return new static; }
  public function bad(): static { return new A; }
}
function r1(): int { return null; }
function r2(): int { if (false) { return 1; } }
function r3(): ?A { return 5; }
function r4(): float { return 5; }
function r5(): string { return 5; }
function r6(): int { return "12"; }
function r7(): int|string { return 1.5; }
function r8(): ?array { return null; }
function r9(): void { return; }
function r10(): bool { return "abc"; }
function r11(): iterable { return 1; }
foreach (['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11'] as $f) {
  try { var_dump($f()); } catch (TypeError $e) { echo m($e->getMessage()), ' @', $e->getLine(), "\n"; }
}
var_dump(B::make());
try { (new B)->bad(); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
$g = fn(): int => "7";
var_dump($g());
$h = function (): string { return []; };
try { $h(); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
