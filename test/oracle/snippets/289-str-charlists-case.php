<?php
// Character lists (ranges included), delimiters, and case changes that leave non-ASCII bytes alone.
var_dump(rtrim('/var/www/', '/'), trim('"quoted"', '"'), ltrim('0012300', '0'), trim('abcXYZcba', 'a..c'), rtrim('x.. ', ' .'));
var_dump(trim("\t\n hi \0\x0B"), trim('aaa', 'a'), rtrim('10', '10'), trim('[x]', '[]'));
var_dump(ucwords('hello_world-foo bar', '_-'), ucwords('abc', 'abc'), ucwords("a\tb\nc"));
var_dump(strtoupper('héllo wörld ☃'), strtolower('ÀÉÎ ABC'), ucfirst('élan'), lcfirst('Élan'), ucfirst('abc'), lcfirst('ABC'));
