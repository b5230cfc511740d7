<?php
interface Greeter { function greet(); }
abstract class Base { public $tag = 'base'; }
$x = str_repeat('z', 2);
$o = new class($x) extends Base implements Greeter { public $v; function __construct($v) { $this->v = $v; } function greet() { return 'hi ' . $this->v; } function __destruct() { echo "bye\n"; } };
echo $o->greet(), ' ', $o->tag, "\n";
var_dump($o instanceof Greeter, $o instanceof Base, get_debug_type($o));
debug_zval_dump($x);
$make = function () { return new class { public $n = 0; }; };
$a = $make(); $b = $make();
var_dump(get_class($a) === get_class($b));
echo spl_object_id($a), spl_object_id($b), "\n";
$o = null;
echo "end\n";
