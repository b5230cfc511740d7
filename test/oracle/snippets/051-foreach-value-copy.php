<?php
$a = [1, 2, 3];
foreach ($a as $k => $v) { $a[$k] = $v * 10; }
print_r($a);
