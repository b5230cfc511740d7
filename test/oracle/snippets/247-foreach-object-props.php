<?php
class U { public $name = 'ann'; protected $secret = 1; private $pw = 2; public $tags = []; public int $typed; public function dump() { foreach ($this as $k => $v) echo "$k ", is_array($v) ? 'array' : $v, "\n"; } }
echo " \n";
$m0 = memory_get_usage();
$u = new U;
echo memory_get_usage() - $m0, "\n";
foreach ($u as $k => $v) echo "$k=", is_array($v) ? 'array' : $v, "\n";
echo memory_get_usage() - $m0, "\n";
$u->dump();
$o = new stdClass; $o->a = str_repeat('a', 2); $o->b = [1];
foreach ($o as $k => $v) { debug_zval_dump($v); }
debug_zval_dump($o);
