<?php
$a = 1;
$b = &$a;
unset($b);
$b = 5;
echo $a, "\n";
