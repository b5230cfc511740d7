<?php
function f() { try { try { throw new Exception('a'); } finally { echo "inner finally\n"; } } catch (Exception $e) { echo "caught ", $e->getMessage(), "\n"; } finally { echo "outer finally\n"; } }
f();
