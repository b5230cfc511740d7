<?php
class Owner { public $cb; function __construct() { $this->cb = function () { return $this; }; } function __destruct() { echo "Owner freed\n"; } }
$o = new Owner;
unset($o);
echo "unset done\n";
echo gc_collect_cycles(), "\n";
