<?php
trait Singleton { private static $instance = null; public static function get() { return self::$instance ??= new static(); } }
trait Named { abstract public function name(): string; public function hello() { return 'hello ' . $this->name() . ' from ' . self::class . '/' . static::class . ' ' . __TRAIT__; } }
trait Both { use Singleton, Named; }
class Svc { use Both; public function name(): string { return 'svc'; } }
class Sub extends Svc {}
$a = Svc::get(); $b = Svc::get();
var_dump($a === $b);
echo $a->hello(), "\n";
debug_zval_dump($a);
print_r(class_uses(new Svc));
