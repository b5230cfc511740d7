<?php
class User { function __construct(public string $name, protected int $age = 30, private array $tags = []) {} }
$u = new User('ann');
var_dump($u);
print_r($u);
echo "\n";
