<?php
$a = 1; $b = &$a; $c = &$b;
$c = 3;
echo $a, $b, $c, "\n";
debug_zval_dump([&$a]);
