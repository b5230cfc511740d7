<?php
echo "x\n";
foreach ([str_repeat('a', 93), str_repeat('b', 94), str_repeat('c', 500), range(1, 30)] as $v) {
$m = memory_get_usage(); $s = var_export($v, true); echo strlen($s), ' ', memory_get_usage() - $m, "\n"; unset($s);
$m = memory_get_usage(); $s = print_r($v, true); echo strlen($s), ' ', memory_get_usage() - $m, "\n"; unset($s);
}
