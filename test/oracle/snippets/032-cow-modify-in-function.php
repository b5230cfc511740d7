<?php
function mod(array $a) { $a['k'] = 1; debug_zval_dump($a); }
$arr = ['k' => 0];
mod($arr);
debug_zval_dump($arr);
