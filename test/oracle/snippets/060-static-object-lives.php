<?php
class S { function __destruct() { echo "S destroyed\n"; } }
function cache() { static $c = null; if ($c === null) { $c = new S; } return 1; }
cache(); cache();
echo "end of script\n";
