<?php
class B { private $parts = []; function add($p) { $this->parts[] = $p; return $this; } function build() { return implode('-', $this->parts); } }
echo (new B)->add('a')->add('b')->add('c')->build(), "\n";
