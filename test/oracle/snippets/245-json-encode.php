<?php
class P { public $a = 1; protected $b = 2; private $c = 3; public $list = [1, 2.5, 'x/y', null, true]; public $map = ['k' => "\u{e9}\n"]; }
echo json_encode(new P), "\n";
echo json_encode([1 => 'a', 2 => 'b']), json_encode([]), json_encode(new stdClass), json_encode(0.1 + 0.2), json_encode(1.0), "\n";
echo json_encode(['a' => [1, ['b' => []]], 'c' => 'd/e'], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
$j = json_encode(['x' => str_repeat('y', 3)]);
debug_zval_dump($j);
