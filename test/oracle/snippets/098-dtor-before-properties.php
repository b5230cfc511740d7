<?php
class Inner { function __destruct() { echo "inner\n"; } }
class Outer { public $in; function __construct() { $this->in = new Inner; } function __destruct() { echo "outer\n"; } }
$o = new Outer;
unset($o);
echo "done\n";
