<?php
class Z { static $keep = []; public $me; function __destruct() { echo "dtor\n"; self::$keep[] = $this; } }
$z = new Z; $z->me = $z; unset($z);
gc_collect_cycles();
Z::$keep = [];
echo gc_collect_cycles(), "\n";
echo "end\n";
