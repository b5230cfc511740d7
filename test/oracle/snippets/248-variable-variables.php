<?php
$name = 'greeting';
$$name = str_repeat('hi', 2);
echo $greeting, ' ', ${'gree' . 'ting'}, "\n";
foreach (['a' => 1, 'b' => [2]] as $k => $v) { $$k = $v; }
var_dump($a, $b, isset($$name), isset($nope));
unset($$name);
var_dump(isset($greeting));
debug_zval_dump($b);
