<?php
// Separators are text, whatever they hold: JS replacement patterns ($&, $', $$, $1) included.
echo number_format(1234567.891, 2, ',', '$&'), "\n";
echo number_format(1234567.891, 2, '.', "$'"), "\n";
echo number_format(-9876543.21, 1, '$$', '$1'), "\n";
echo number_format(1234567, 0, '.', ' thousand '), "\n";
echo number_format(1000, 0, '.', ''), "\n";
