<?php
$a = [1, 2];
$a[] = $a;
print_r($a);
echo gc_collect_cycles(), "\n";
