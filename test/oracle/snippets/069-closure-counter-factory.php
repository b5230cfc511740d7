<?php
function counter() { $c = 0; return function () use (&$c) { return ++$c; }; }
$a = counter(); $b = counter();
echo $a(), $a(), $b(), "\n";
