<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
for ($i = 0; $i < 3; $i++) { $o = new D($i); }
echo "loop done\n";
