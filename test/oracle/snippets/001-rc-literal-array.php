<?php
$a = [1, 2, 3];
debug_zval_dump($a);
