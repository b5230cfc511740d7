<?php
class P { public $v; }
$p = new P;
$p->v = str_repeat('z', 3);
$x = $p->v;
debug_zval_dump($p);
