<?php
$s = new SplObjectStorage;
foreach (['x', 'y'] as $n) { $o = new stdClass; $o->n = $n; $s->attach($o); }
foreach ($s as $i => $o) { echo $i, $o->n, "\n"; }
