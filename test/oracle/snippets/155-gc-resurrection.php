<?php
class Z { static $saved; public $self; function __destruct() { echo "destruct\n"; self::$saved = $this; } }
$z = new Z; $z->self = $z;
unset($z);
echo gc_collect_cycles(), "\n";
var_dump(Z::$saved instanceof Z);
Z::$saved = null;
echo gc_collect_cycles(), "\n";
print_r(gc_status());
