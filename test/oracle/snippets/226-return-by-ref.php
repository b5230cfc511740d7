<?php
class Reg { private $items = []; public function &get($k) { if (!isset($this->items[$k])) $this->items[$k] = []; return $this->items[$k]; } public function dump() { var_dump($this->items); } }
$r = new Reg;
$x = &$r->get('a');
$x[] = 1;
$y = $r->get('a');
$y[] = 2;
$r->dump();
function &counter() { static $c = 0; $c++; return $c; }
$c = &counter();
$c += 10;
echo counter(), "\n";
