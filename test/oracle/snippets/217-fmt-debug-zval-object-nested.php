<?php
class W { public $arr = []; public $str; }
$w = new W;
$w->arr[] = new stdClass;
$w->str = str_repeat('s', 2);
debug_zval_dump($w);
