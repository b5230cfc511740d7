<?php
foreach ([1, 2, 3, 'x'] as $v) { switch ($v) { case 1: echo 'one'; break; case 2: case 3: echo 'two-three'; break; default: echo 'other'; } echo "\n"; }
