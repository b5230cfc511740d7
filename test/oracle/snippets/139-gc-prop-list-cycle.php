<?php
$o = new stdClass;
$o->list = [$o];
unset($o);
echo gc_collect_cycles(), "\n";
