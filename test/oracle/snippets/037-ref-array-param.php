<?php
function push(array &$a, $v) { $a[] = $v; }
$list = [];
push($list, 'a');
push($list, 'b');
print_r($list);
