<?php
$a = 1;
$b = &$a;
$b = 2;
echo $a, "\n";
debug_zval_dump([&$a]);
