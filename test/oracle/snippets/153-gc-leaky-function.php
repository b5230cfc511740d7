<?php
function leak() { $o = new stdClass; $o->me = $o; }
for ($i = 0; $i < 5; $i++) leak();
echo gc_status()['roots'], "\n";
echo gc_collect_cycles(), "\n";
