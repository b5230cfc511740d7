<?php
$list = [];
for ($i = 0; $i < 10001; $i++) { $a = [$i]; $b = $a; unset($b); $list[] = $a; }
print_r(gc_status());
