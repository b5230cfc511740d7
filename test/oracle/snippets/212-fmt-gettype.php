<?php
foreach ([1, 1.5, 'a', true, null, [], new stdClass] as $v) { echo gettype($v), ' ', get_debug_type($v), "\n"; }
