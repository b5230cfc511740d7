<?php
class Node { public $peer; }
function linkNodes() { $GLOBALS['a'] = new Node; $GLOBALS['b'] = new Node; $GLOBALS['a']->peer = $GLOBALS['b']; $GLOBALS['b']->peer = $GLOBALS['a']; }
linkNodes();
debug_zval_dump($a);
unset($GLOBALS['a']);
var_dump(isset($a));
$b = null;
echo gc_collect_cycles(), "\n";
function counter() { $GLOBALS['n'] = ($GLOBALS['n'] ?? 0) + 1; return $GLOBALS['n']; }
counter(); counter();
echo $n, "\n";
