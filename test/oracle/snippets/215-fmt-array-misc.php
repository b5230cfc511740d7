<?php
print_r(array_fill(5, 3, 'x'));
print_r(array_flip(['a' => 1, 'b' => 2]));
print_r(array_unique([1, '1', 2, 2.0, 'a', 'a']));
print_r(array_combine(['x', 'y'], [1, 2]));
echo array_key_first(['q' => 1, 'r' => 2]), array_key_last([1, 2, 3]), "\n";
