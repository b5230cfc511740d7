<?php
$a = ['x' => 1, 'y' => 2, 5 => 'five', 'z' => null];
foreach ($a as $k => $v) { echo "$k=", var_export_stub($v), "\n"; }
function var_export_stub($v) { return $v === null ? 'null' : $v; }
