<?php
class Counter { public static $n = 0; static function inc() { return ++self::$n; } }
Counter::inc(); Counter::inc();
echo Counter::$n, "\n";
