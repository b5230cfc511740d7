<?php
declare(strict_types=1);
ini_set('zend.exception_ignore_args', '1');
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
$calls = [
  fn() => strlen(5), fn() => str_repeat('a', '3'), fn() => substr('abc', '1'), fn() => count('abc'), fn() => implode(',', 'x'),
  fn() => round('1.5'), fn() => abs('5'), fn() => in_array(1, 'x'), fn() => array_sum(5), fn() => str_pad('a', 3.0),
  fn() => strtoupper(1), fn() => intdiv(7.0, 2), fn() => explode(',', 12), fn() => range('a', 'c'), fn() => max(1, '2'),
  fn() => array_keys('x'), fn() => str_contains('abc', 1), fn() => trim(5), fn() => sprintf('%d', '5'), fn() => number_format('1.5'),
];
foreach ($calls as $i => $c) {
  try { var_dump($c()); } catch (TypeError $e) { echo $i, ': ', m($e->getMessage()), "\n", m($e->getTraceAsString()), "\n"; }
}
echo round(2), ' ', abs(-3), ' ', substr('hello', 1, null), ' ', str_repeat('-', 3), "\n";
