<?php
$data = [1, 2];
function show() { global $data; debug_zval_dump($data); }
show();
debug_zval_dump([&$data]);
