<?php
$people = [['n' => 'b', 'a' => 30], ['n' => 'a', 'a' => 25], ['n' => 'c', 'a' => 35]];
usort($people, fn($x, $y) => $x['a'] <=> $y['a']);
echo implode(',', array_column($people, 'n')), "\n";
