<?php
class T { function __construct(public $n) {} function __destruct() { echo "free {$this->n}\n"; } }
$list = [new T(1), new T(2)];
foreach ($list as $item) {}
$list = null;
echo "after\n";
unset($item);
echo "end\n";
