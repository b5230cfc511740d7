<?php
namespace App\Model;
use ArrayObject as AO;
function count($x) { return 42; }
class User { public $name; function __construct($n) { $this->name = $n; } }
$u = new User(str_repeat('a', 3));
echo get_class($u), "\n";
echo \count([1, 2]), ' ', count([1]), ' ', strlen('abc'), "\n";
$c = User::class;
echo $c, "\n";
$v = new \App\Model\User('x');
echo $v instanceof User ? 'yes' : 'no', "\n";
echo __NAMESPACE__, "\n";
debug_zval_dump($u);
