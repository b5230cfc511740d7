<?php
class A { public int $x = 1; public ?string $s = null; }
$a = new A;
$r = &$a->x;
$r = "5"; var_dump($a->x);
try { $r = "abc"; } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
var_dump($a->x);
function inc(&$v) { $v = $v . "0"; }
inc($a->x); var_dump($a->x);
try { (function (&$v) { $v = []; })($a->x); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
$q = &$a->s; $q = 7; var_dump($a->s);
unset($r); $r2 = &$a->x; $r2++; var_dump($a->x);
