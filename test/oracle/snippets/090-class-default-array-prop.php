<?php
class Bag { public $items = [1, 2]; }
$a = new Bag; $b = new Bag;
debug_zval_dump($a);
$b->items[] = 3;
echo count($a->items), count($b->items), "\n";
