<?php
class Item { public $v; }
function work() { $list = []; for ($i = 0; $i < 100; $i++) { $o = new Item; $o->v = $i; $list[] = $o; } return count($list); }
$m0 = memory_get_usage();
work();
echo memory_get_usage() - $m0, "\n";
echo gc_collect_cycles(), "\n";
