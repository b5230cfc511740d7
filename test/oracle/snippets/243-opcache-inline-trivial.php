<?php
function flag($x) { return true; }
function nothing($x) {}
function typed(array $x) { return 1; }
function label() { return ['a', 'b']; }
$o = new stdClass;
$arr = [1, 2];
flag($o); nothing($arr); nothing($o);
echo gc_status()['roots'], "\n";
typed($arr);
echo gc_status()['roots'], "\n";
$l = label();
$m = [label(), 1];
debug_zval_dump($l, $m);
class D { function __destruct() { echo "destroyed\n"; } }
flag(new D);
echo "after\n";
