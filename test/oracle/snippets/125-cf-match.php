<?php
foreach ([1, 2, 5, 10] as $n) { echo match(true) { $n < 2 => 'small', $n < 6 => 'medium', default => 'large' }, "\n"; }
