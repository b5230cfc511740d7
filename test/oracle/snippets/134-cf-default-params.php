<?php
function greet($name = 'world', $punct = '!') { return "Hello, $name$punct"; }
echo greet(), "\n", greet('PHP'), "\n", greet('you', '?'), "\n";
