<?php
function remember($x) { static $seen = []; $seen[] = $x; return count($seen); }
remember('a'); remember('b');
echo remember('c'), "\n";
