<?php
echo strlen('hello'), ' ', strtoupper('abc'), ' ', ucfirst('word'), ' ', str_pad('7', 3, '0', STR_PAD_LEFT), ' ', trim('  x  '), ' ', strrev('abc'), "\n";
echo implode(',', explode(' ', 'a b c')), ' ', substr('abcdef', -3), ' ', substr('abcdef', 1, 3), ' ', ord('A'), ' ', chr(97), "\n";
