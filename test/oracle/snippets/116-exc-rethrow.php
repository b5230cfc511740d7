<?php
function inner() { throw new Exception('inner'); }
function outer() { try { inner(); } catch (Exception $e) { throw new RuntimeException('outer', 0, $e); } }
try { outer(); } catch (Exception $e) { echo $e->getMessage(), ' <- ', $e->getPrevious()->getMessage(), "\n"; }
