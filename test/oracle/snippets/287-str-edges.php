<?php
// Edges of the string built-ins: an empty search, explode's limit, lengths and offsets out of range.
var_dump(str_replace('', 'x', 'abc'));
var_dump(explode(':', 'a:b:c:d', 2));
var_dump(explode(':', 'a:b:c:d', -1));
var_dump(explode(':', 'a:b:c:d', 0));
var_dump(explode(':', 'a:b:c:d', 10));
var_dump(explode(':', '', -1));
var_dump(explode(',', 'abc', -1));
try { explode('', 'abc'); } catch (ValueError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { str_split('abc', 0); } catch (ValueError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { str_split('abc', -2); } catch (ValueError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
var_dump(strpos('abcabc', 'c', -2));
var_dump(strpos('abcabc', 'a', -6));
try { strpos('abc', 'a', 4); } catch (ValueError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { strpos('abc', 'a', -4); } catch (ValueError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
var_dump(strpos('abc', '', 3));
