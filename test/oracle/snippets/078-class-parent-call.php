<?php
class A { function __construct() { echo "A ctor\n"; } function hi() { return 'A'; } }
class B extends A { function __construct() { parent::__construct(); echo "B ctor\n"; } function hi() { return parent::hi() . 'B'; } }
$b = new B;
echo $b->hi(), "\n";
