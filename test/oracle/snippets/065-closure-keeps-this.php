<?php
class C { function make() { return function () { return 1; }; } function __destruct() { echo "C freed\n"; } }
$c = new C;
$f = $c->make();
unset($c);
echo "after unset\n";
$f = null;
echo "end\n";
