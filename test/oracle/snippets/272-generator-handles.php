<?php
class Res { function __destruct() { echo "close ", spl_object_id($this), "\n"; } }
function lines() { $r = new Res; echo "res ", spl_object_id($r), "\n"; yield 1; yield 2; echo "end\n"; }
foreach (lines() as $l) { echo "line $l\n"; }
$o = new stdClass; echo "next obj ", spl_object_id($o), "\n"; unset($o);
$g = lines(); echo "gen ", spl_object_id($g), "\n"; $g->current(); unset($g);
$o = new stdClass; echo "next obj ", spl_object_id($o), "\n";
