<?php
echo true, '|', false, '|', null, '|', 0, '|', '0', "\n";
