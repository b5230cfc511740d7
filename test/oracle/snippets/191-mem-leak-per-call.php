<?php
function leaky() { $o = new stdClass; $o->self = $o; }
echo "";
echo " \n";
$m0 = memory_get_usage();
leaky();
$m1 = memory_get_usage();
leaky();
echo memory_get_usage() - $m1, "\n";
gc_collect_cycles();
echo memory_get_usage() - $m0, "\n";
