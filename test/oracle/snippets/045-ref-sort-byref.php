<?php
$a = [3, 1, 2];
sort($a);
print_r($a);
$b = ['b' => 2, 'a' => 1];
ksort($b);
print_r($b);
