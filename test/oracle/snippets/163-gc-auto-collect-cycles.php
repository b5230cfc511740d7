<?php
for ($i = 0; $i < 20000; $i++) { $o = new stdClass; $o->self = $o; }
print_r(gc_status());
