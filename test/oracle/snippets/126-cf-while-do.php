<?php
$i = 0;
while ($i < 3) { echo $i++; }
do { echo $i--; } while ($i > 0);
echo "\n";
