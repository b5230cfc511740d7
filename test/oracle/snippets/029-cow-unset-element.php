<?php
$a = [1, 2, 3];
$b = $a;
unset($b[1]);
print_r($a);
print_r($b);
