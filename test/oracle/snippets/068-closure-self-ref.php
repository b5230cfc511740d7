<?php
class D { function __destruct() { echo "D freed\n"; } }
$d = new D;
$f = function () use (&$f, $d) { return 1; };
unset($d);
$f = null;
echo gc_collect_cycles(), "\n";
echo "end\n";
