<?php
// Arguments PHP 8.2 refuses with a ValueError, and ranges with a step.
foreach ([
    fn () => str_repeat('ab', -1),
    fn () => str_pad('x', 5, ''),
    fn () => str_pad('x', 5, '-', 7),
    fn () => array_fill(0, -1, 'v'),
    fn () => range(1, 10, 0),
    fn () => range(1, 2, 5),
    fn () => range('a', 'c', 5),
    fn () => range(1.0, 2.0, 0.0),
] as $i => $call) {
    try {
        $call();
        echo $i, ": no error\n";
    } catch (ValueError $e) {
        echo $i, ': ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
echo implode(',', range('a', 'e', 2)), ' ', implode(',', range('e', 'a', 2)), ' ', implode(',', range(1, 1, 5)), "\n";
echo implode(',', range(5, 1, 2)), ' ', implode(',', range(1, 5, -2)), ' ', implode(',', range(0, 1, 0.25)), "\n";
echo str_repeat('ab', 3), '|', str_repeat('ab', 0), '|', str_pad('x', 5, '-', STR_PAD_BOTH), '|', count(array_fill(5, 0, 1)), "\n";
