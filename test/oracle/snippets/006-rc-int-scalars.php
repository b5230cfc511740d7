<?php
$i = 42; $f = 1.5; $b = true; $n = null;
debug_zval_dump($i, $f, $b, $n);
