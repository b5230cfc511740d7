<?php
echo "";
echo " \n";
$m0 = memory_get_usage();
$s = '';
for ($i = 0; $i < 50; $i++) { $s .= 'ab'; }
echo strlen($s), ' ', memory_get_usage() - $m0, "\n";
