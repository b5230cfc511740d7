<?php
gc_collect_cycles();
$keep = [];
for ($i = 0; $i < 30001; $i++) { $o = new stdClass; $p = $o; unset($p); $keep[] = $o; }
print_r(gc_status());
