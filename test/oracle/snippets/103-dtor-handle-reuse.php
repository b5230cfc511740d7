<?php
$a = new stdClass; $b = new stdClass; $c = new stdClass;
unset($a); unset($c);
$d = new stdClass; $e = new stdClass; $f = new stdClass;
echo spl_object_id($d), spl_object_id($e), spl_object_id($f), "\n";
