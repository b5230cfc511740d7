<?php
class Point { public $x; public $y; function __construct($x, $y) { $this->x = $x; $this->y = $y; } function len() { return $this->x + $this->y; } }
$p = new Point(1, 2);
echo $p->len(), "\n";
var_dump($p);
