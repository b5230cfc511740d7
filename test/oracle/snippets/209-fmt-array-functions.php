<?php
$a = [3, 1, 2];
print_r(array_keys(['x' => 1, 'y' => 2]));
print_r(array_values(['x' => 1, 'y' => 2]));
print_r(array_merge([1, 2], ['a' => 3], [4]));
print_r(array_slice([1, 2, 3, 4], 1, 2));
print_r(array_reverse($a));
var_dump(in_array('2', $a), in_array('2', $a, true), array_search(2, $a), array_key_exists(1, $a));
