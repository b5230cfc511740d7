<?php
var_export(1); echo "\n";
var_export(-0.0); echo "\n";
var_export(1.0); echo "\n";
var_export(0.1 + 0.2); echo "\n";
var_export(1e100); echo "\n";
var_export("it's a \\ \"test\"\n\0end"); echo "\n";
var_export(true); echo "\n";
var_export(null); echo "\n";
var_export([]); echo "\n";
var_export([1, 'a' => [2, [3]], 'e' => [], 5 => null, -1 => 1.5]); echo "\n";
$o = new stdClass; $o->a = 1; $o->list = [1, 2]; $o->inner = new stdClass;
var_export($o); echo "\n";
class P { public $x = 1; protected $y = [2]; private $z = 'z'; public $o; }
$p = new P; $p->o = new P;
var_export($p); echo "\n";
enum Suit { case Hearts; }
var_export([Suit::Hearts]); echo "\n";
var_export(function () {}); echo "\n";
$s = var_export([1, 'x'], true); echo strlen($s), "\n", $s, "\n";
var_export(INF); echo "\n"; var_export(-INF); echo "\n"; var_export(NAN); echo "\n";
var_export((object) []); echo "\n";
var_export(['k' => new stdClass]); echo "\n";
$a = [1]; $a[] = &$a;
var_export($a); echo "\n";
