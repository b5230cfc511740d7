<?php
class K { function __destruct() { echo "K gone\n"; } }
$keep = null;
function store() { global $keep; $keep = new K; }
store();
echo "stored\n";
