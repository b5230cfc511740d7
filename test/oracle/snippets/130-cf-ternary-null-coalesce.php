<?php
$a = null; $b = 0; $c = 'set';
echo $a ?? 'default', ' ', $b ?: 'falsy', ' ', $c ? 'yes' : 'no', ' ', $undefined ?? 'undef', "\n";
$arr = [];
$arr['k'] ??= 'init';
echo $arr['k'], "\n";
