<?php
function add($arr) { $arr[] = 99; return count($arr); }
$a = [1, 2];
echo add($a), ' ', count($a), "\n";
