<?php
$a = [1, 2, 3];
foreach ($a as &$v) { $v *= 2; }
unset($v);
print_r($a);
