<?php
echo sprintf('%2$s %1$s %2$s', 'a', 'b'), "\n";
echo sprintf('%05.1f', 9.87), "\n";
echo sprintf('%u', 3), "\n";
