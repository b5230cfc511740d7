<?php
$o = new stdClass;
$o->a = 1;
$o->b = 'two';
$o->c = [3];
var_dump($o);
print_r($o);
echo "\n";
