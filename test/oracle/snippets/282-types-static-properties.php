<?php
class Counter { public static int $n = 0; public static ?string $label = null; public static array $all = []; }
Counter::$n = "5"; var_dump(Counter::$n);
Counter::$n += 2; var_dump(Counter::$n);
Counter::$n++; var_dump(Counter::$n);
try { Counter::$n = "many"; } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
Counter::$label = 12; var_dump(Counter::$label);
try { Counter::$all = 'x'; } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
Counter::$all[] = 1; var_dump(Counter::$all);
class Sub extends Counter {}
Sub::$n = 1.0; var_dump(Counter::$n);
