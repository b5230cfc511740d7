<?php
$o = new stdClass;
$o->self = $o;
unset($o);
echo gc_collect_cycles(), "\n";
