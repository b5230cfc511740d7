<?php
$a = [1]; $b = $a; unset($b);
echo gc_collect_cycles(), "\n";
print_r(gc_status());
