<?php
$a = [1];
$a[] = &$a;
unset($a);
echo gc_collect_cycles(), "\n";
