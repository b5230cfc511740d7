<?php
function build() { $r = []; $r[] = 'a'; return $r; }
$x = build();
$y = $x;
$y[] = 'b';
echo count($x), count($y), "\n";
