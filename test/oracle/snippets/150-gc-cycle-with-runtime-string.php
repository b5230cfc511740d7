<?php
$a = new stdClass; $b = new stdClass;
$a->b = $b; $b->a = $a;
$a->s = str_repeat('x', 10);
unset($a, $b);
echo gc_collect_cycles(), "\n";
