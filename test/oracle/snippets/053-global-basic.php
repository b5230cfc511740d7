<?php
$counter = 0;
function bump() { global $counter; $counter++; }
bump(); bump();
echo $counter, "\n";
