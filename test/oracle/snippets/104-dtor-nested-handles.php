<?php
class H { public $child; }
$h = new H; $h->child = new stdClass;
echo spl_object_id($h), spl_object_id($h->child), "\n";
unset($h);
$x = new stdClass; $y = new stdClass;
echo spl_object_id($x), spl_object_id($y), "\n";
