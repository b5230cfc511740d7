<?php
abstract class Base { abstract function name(); function greet() { return 'hi ' . $this->name(); } }
class Impl extends Base { function name() { return 'impl'; } }
echo (new Impl)->greet(), "\n";
