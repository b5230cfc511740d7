<?php
$a = [];
$b = $a;
debug_zval_dump($a);
