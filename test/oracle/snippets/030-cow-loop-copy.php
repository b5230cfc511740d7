<?php
$a = [];
for ($i = 0; $i < 3; $i++) { $a[] = $i; $copy = $a; }
debug_zval_dump($a);
