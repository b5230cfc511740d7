<?php
class R { function __destruct() { echo "destructing\n"; debug_zval_dump($this); } }
$r = new R;
$r = null;
