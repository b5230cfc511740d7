<?php
class Box { private $items = []; }
$x = str_repeat('x', 2);
$add = function ($v) use ($x) { $this->items[] = $v . $x; return count($this->items); };
$b = new Box;
$bound = Closure::bind($add, $b, Box::class);
echo $bound('a'), $bound('b'), "\n";
debug_zval_dump($x);
debug_zval_dump($b);
$again = $bound->bindTo(new Box, Box::class);
echo $again('c'), "\n";
echo $add->call($b, 'd'), "\n";
unset($bound);
debug_zval_dump($b);
print_r(gc_status());
