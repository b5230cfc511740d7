<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = new stdClass; $b = new stdClass; $a->b = $b; $b->a = $a;
unset($a, $b);
echo memory_get_usage() - $m0, "\n";
gc_collect_cycles();
echo memory_get_usage() - $m0, "\n";
