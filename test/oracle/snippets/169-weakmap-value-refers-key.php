<?php
$map = new WeakMap;
$k = new stdClass;
$map[$k] = [$k];
unset($k);
echo count($map), ' ', gc_collect_cycles(), ' ', count($map), "\n";
