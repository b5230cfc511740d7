<?php
$f = function () {};
$o = new stdClass;
echo spl_object_id($f), ' ', spl_object_id($o), "\n";
