<?php
$keep = [];
for ($i = 0; $i < 10001; $i++) { $o = new stdClass; $p = $o; unset($p); $keep[] = $o; }
echo gc_status()['threshold'], "\n";
for ($i = 0; $i < 25000; $i++) { $g = new stdClass; $g->self = $g; unset($g); }
print_r(gc_status());
