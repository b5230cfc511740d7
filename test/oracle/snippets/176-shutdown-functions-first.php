<?php
class D { function __construct(public $n) {} function __destruct() { echo "~{$this->n}\n"; } }
register_shutdown_function(function () { echo "shutdown fn\n"; });
$g = new D('global');
echo "end\n";
