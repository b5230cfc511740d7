<?php
gc_disable();
for ($i = 0; $i < 12000; $i++) { $o = new stdClass; $o->self = $o; unset($o); }
print_r(gc_status());
echo gc_collect_cycles(), "\n";
print_r(gc_status());
