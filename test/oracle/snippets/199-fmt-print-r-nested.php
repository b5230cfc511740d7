<?php
print_r(['a' => [1, [2, ['deep']]], 'b' => true, 'c' => null, 'd' => 1.0]);
echo "\n";
echo print_r([1], true);
