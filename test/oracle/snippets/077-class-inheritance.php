<?php
class Animal { function speak() { return 'generic'; } function intro() { return 'I say ' . $this->speak(); } }
class Dog extends Animal { function speak() { return 'woof'; } }
$d = new Dog;
echo $d->intro(), "\n";
echo get_class($d), ' ', $d instanceof Animal ? 'yes' : 'no', "\n";
