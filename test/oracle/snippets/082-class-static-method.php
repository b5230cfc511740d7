<?php
class M { static function twice($n) { return $n * 2; } static function four($n) { return static::twice(static::twice($n)); } }
echo M::four(3), "\n";
