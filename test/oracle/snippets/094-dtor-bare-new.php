<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
new D('temp');
echo "next\n";
