<?php
class T { public int $i = 1; public ?string $s = null; public array $a = []; public float $f = 1.5; }
$t = new T;
var_dump($t);
