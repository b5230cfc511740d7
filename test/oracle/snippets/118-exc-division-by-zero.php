<?php
try { echo 1 % 0; } catch (DivisionByZeroError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { echo intdiv(1, 1), "\n"; echo 5 / 0; } catch (DivisionByZeroError $e) { echo $e->getMessage(), "\n"; }
