<?php
$o = new stdClass; $o->p = 'prop';
$a = ['one' => 1, 2 => 'two'];
$n = 5;
echo "v=$n {$o->p} $o->p {$a['one']} $a[2] \$n \t|\n";
