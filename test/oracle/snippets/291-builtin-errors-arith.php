<?php
// Division by zero, empty max()/min(), array_combine() of unequal lengths, an unknown count() mode: each is an error in PHP 8.2.
foreach ([fn () => 1 / 0, fn () => 1 % 0, fn () => intdiv(1, 0), fn () => fmod(1, 0), fn () => max([]), fn () => min([]), fn () => array_combine([1], [1, 2]), fn () => count([1], 5), fn () => 0 ** -1] as $i => $f) {
    try { var_dump($f()); } catch (Throwable $e) { echo $i, ' ', get_class($e), ': ', $e->getMessage(), "\n"; }
}
