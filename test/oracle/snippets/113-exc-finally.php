<?php
function f() { try { echo "try\n"; return 'ret'; } finally { echo "finally\n"; } }
echo f(), "\n";
