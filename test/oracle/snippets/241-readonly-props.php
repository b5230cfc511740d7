<?php
class Pt { public function __construct(public readonly int $x, public readonly array $tags = []) {} }
$p = new Pt(1, ['a']);
echo $p->x, "\n";
try { $p->x = 2; } catch (Error $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
$q = clone $p;
debug_zval_dump($p);
class R { public readonly string $s; public function init() { $this->s = 'v'; } }
$r = new R; $r->init();
try { $r->init(); } catch (Error $e) { echo $e->getMessage(), "\n"; }
