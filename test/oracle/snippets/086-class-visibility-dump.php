<?php
class V { public $pub = 1; protected $pro = 2; private $pri = 3; }
var_dump(new V);
print_r(new V);
echo "\n";
debug_zval_dump(new V);
