<?php
$a = [1, 2]; $b = $a;
unset($b);
print_r(gc_status());
$o = new stdClass; $p = $o;
unset($p);
echo gc_status()['roots'], "\n";
