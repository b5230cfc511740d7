<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$a = str_repeat('x', 10000);
unset($a);
echo memory_get_usage() - $m0, "\n";
echo memory_get_peak_usage() >= $m0 + 10000 ? 'peak ok' : 'peak low', "\n";
