<?php
function take($a) { return 1; }
$arr = [1, 2];
$obj = new stdClass;
take($arr); take($obj);
echo gc_status()['roots'], "\n";
count($arr);
echo gc_status()['roots'], "\n";
