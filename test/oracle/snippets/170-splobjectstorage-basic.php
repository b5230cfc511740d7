<?php
$s = new SplObjectStorage;
$a = new stdClass; $b = new stdClass;
$s->attach($a); $s->attach($b, 'info'); $s->attach($a);
echo count($s), "\n";
var_dump($s->contains($b), $s[$b]);
$s->detach($a);
echo count($s), "\n";
debug_zval_dump($b);
