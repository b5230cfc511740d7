<?php
// Seed pattern: the popular "leaky function" that is NOT a leak. PHP frees the local array (and its 100,000
// objects) when the function returns. The unset() at the end changes nothing (memory.redundantUnset, shown faded;
// quick fix: remove the line).
function buildAndDiscard(): void
{
    $objects = [];
    for ($i = 0; $i < 100000; $i++) {
        $objects[] = new stdClass();
    }
    unset($objects);
}

echo "memory_get_usage() after the calls, compared with before:\n";
$before = memory_get_usage();
buildAndDiscard();
$afterOne = memory_get_usage() - $before;
for ($call = 0; $call < 9; $call++) {
    buildAndDiscard();
}
$afterTen = memory_get_usage() - $before;
// PHP 8.2 prints the same number twice (about 1 MB the allocator keeps after the first call): nothing accumulates.
echo "after 1 call: $afterOne bytes, after 10 calls: $afterTen bytes\n";
