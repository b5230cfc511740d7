<?php
echo "x\n";
$m = memory_get_usage(); $s = var_export([1, 2], true); echo strlen($s), ' ', memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $s2 = var_export(range(1, 100), true); echo strlen($s2), ' ', memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $s3 = print_r([1, 2], true); echo strlen($s3), ' ', memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $s4 = var_export('abc', true); echo strlen($s4), ' ', memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $s5 = var_export(12, true); echo strlen($s5), ' ', memory_get_usage() - $m, "\n";
