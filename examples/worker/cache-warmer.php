<?php
// A small daemon whose loop body MemLens can simulate: hover `while (true)` for "Worker health", or read the
// worker.noMemoryGuard message: each tick keeps a cycle and one more entry in $history.
$history = [];
$tick = 0;
while (true) {
    $entry = new stdClass();
    $entry->self = $entry;           // a cycle: freed only by the collector
    $history[++$tick] = 'tick ' . $tick;
}
