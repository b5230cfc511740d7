<?php
var_dump(['a' => [1, [2, ['deep']]], 'b' => new stdClass, 3 => 1.5]);
