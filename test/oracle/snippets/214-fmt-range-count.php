<?php
print_r(range('a', 'e'));
print_r(range(10, 0, 5));
echo count([1, [2, 3]], COUNT_RECURSIVE), "\n";
echo max(1, 5, 3), min([4, 2, 8]), "\n";
