<?php
function a() { try { yield 1; } finally { echo ""; } }
function b() { try { yield 1; } catch (Exception $e) { } }
function c() { try { yield 1; yield 2; } catch (Exception $e) { echo "x"; } finally { $z = 1; } }
echo "s\n";
foreach (['a', 'b', 'c'] as $f) { $m = memory_get_usage(); $g = $f(); echo "$f ", memory_get_usage() - $m, "\n"; unset($g); }
