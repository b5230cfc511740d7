<?php
$a = ['l1' => ['l2' => ['l3' => 'x']]];
$b = $a;
$b['l1']['l2']['l3'] = 'y';
echo $a['l1']['l2']['l3'], $b['l1']['l2']['l3'], "\n";
debug_zval_dump($b);
