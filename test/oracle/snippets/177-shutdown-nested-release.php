<?php
class P2 { public $kid; function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
$p = new P2('parent');
$p->kid = new P2('kid');
$q = new P2('q');
echo "end\n";
