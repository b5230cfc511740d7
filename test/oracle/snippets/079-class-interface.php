<?php
interface Shape { const SIDES = 0; function area(); }
class Sq implements Shape { const SIDES = 4; function __construct(private $s) {} function area() { return $this->s ** 2; } }
$s = new Sq(3);
echo $s->area(), ' ', Sq::SIDES, ' ', $s instanceof Shape ? 'shape' : '', "\n";
