<?php
// The CLI's php.ini sets zend.exception_ignore_args=On (traces without arguments); say so for every runtime.
ini_set('zend.exception_ignore_args', '1');
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
class AppException extends RuntimeException { protected $code = 42; }
function load(int $id) { if ($id > 1) throw new AppException("not found: $id"); return $id; }
class Repo { public function find($id) { return load($id); } public static function get($id) { return (new Repo)->find($id); } }
try { Repo::get(5); } catch (AppException $e) {
  echo get_class($e), ' ', m($e->getMessage()), ' ', $e->getCode(), ' line ', $e->getLine(), "\n";
  echo m($e->getTraceAsString()), "\n";
}
try { Repo::get("x"); } catch (TypeError $e) { echo m((string) $e), "\n"; }
$e = new LogicException("outer", 1, new InvalidArgumentException("inner"));
echo m((string) $e), "\n";
$f = function (int $n) { return Repo::get($n); };
try { $f(3); } catch (Exception $e) { echo m($e->getTraceAsString()), "\n"; }
echo m((string) new Exception), "\n";
echo "end\n";
