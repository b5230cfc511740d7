<?php
$a = new stdClass;
$b = new stdClass;
var_dump($a, $b);
unset($a);
$c = new stdClass;
var_dump($c);
