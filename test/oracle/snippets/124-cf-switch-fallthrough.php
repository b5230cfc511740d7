<?php
$n = 2;
switch ($n) { case 1: echo 'a'; case 2: echo 'b'; case 3: echo 'c'; break; case 4: echo 'd'; }
echo "\n";
