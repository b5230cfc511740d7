<?php
$a = new stdClass; $b = new stdClass;
$a->b = $b; $b->a = $a;
$a->s = 'literal';
unset($a, $b);
echo gc_collect_cycles(), "\n";
