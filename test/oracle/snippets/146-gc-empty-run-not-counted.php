<?php
echo gc_collect_cycles(), "\n";
echo gc_collect_cycles(), "\n";
print_r(gc_status());
