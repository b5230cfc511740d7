<?php
class Base { public $opts = ['a' => 1]; public $name = 'base'; }
class Child extends Base { public $extra = [1, 2]; }
$b = new Base;
debug_zval_dump($b);
$c = new Child;
debug_zval_dump($c);
class Late extends Base { public $more = ['x']; }
$l = new Late;
debug_zval_dump($l->opts);
class GrandChild extends Child { public $opts = ['own' => true]; }
$g = new GrandChild;
debug_zval_dump($g->opts, $c->opts);
