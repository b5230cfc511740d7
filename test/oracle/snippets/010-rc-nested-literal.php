<?php
$a = ['x' => [1, 2], 'y' => 'text'];
debug_zval_dump($a);
