<?php
// Seed pattern: the popular "leaky function" that is NOT a leak. PHP frees the local array (and its 100,000
// objects) when the function returns; memory after the call is back where it was. The unset() at the end changes
// nothing (memory.redundantUnset, shown faded; quick fix: remove the line).
function buildAndDiscard(): void
{
    $objects = [];
    for ($i = 0; $i < 100000; $i++) {
        $objects[] = new stdClass();
    }
    unset($objects);
}

$before = memory_get_usage();
buildAndDiscard();
echo 'retained after the call: ', memory_get_usage() - $before, " bytes\n";
