<?php
ini_set('zend.exception_ignore_args', '1');
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
function gen() { yield 1; throw new Exception("in gen"); }
try { foreach (gen() as $v) {} } catch (Exception $e) { echo m($e->getTraceAsString()), "\n"; }
try { iterator_to_array(gen()); } catch (Exception $e) { echo m($e->getTraceAsString()), "\n"; }
try { $g = gen(); $g->current(); $g->next(); } catch (Exception $e) { echo m($e->getTraceAsString()), "\n"; }
