<?php
$x = [1];
$y = &$x;
debug_zval_dump($x);
debug_zval_dump([&$x]);
