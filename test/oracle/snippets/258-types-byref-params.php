<?php
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
function setInt(int &$x) { $x = 5; }
function maybe(?int &$x) { $x ??= 9; }
function bump(int &$x) { $x++; }
try { setInt($undefined); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
var_dump($undefined);
maybe($other);
var_dump($other);
$s = "41";
bump($s);
var_dump($s);
$arr = ['n' => "2"];
bump($arr['n']);
var_dump($arr);
$f = 1.5;
try { bump($f); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
var_dump($f);
$word = "abc";
try { bump($word); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
var_dump($word);
