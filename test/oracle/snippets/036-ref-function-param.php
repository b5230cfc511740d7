<?php
function inc(&$x) { $x++; }
$n = 1;
inc($n);
inc($n);
echo $n, "\n";
