<?php
class C { function make() { return static function () { return 1; }; } function __destruct() { echo "C freed\n"; } }
$c = new C;
$f = $c->make();
unset($c);
echo "after unset\n";
echo $f(), "\n";
