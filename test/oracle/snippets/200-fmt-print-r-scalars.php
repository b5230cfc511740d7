<?php
print_r(5); echo "\n"; print_r('s'); echo "\n"; print_r(true); echo "|"; print_r(false); echo "|"; print_r(null); echo "|"; print_r(2.50); echo "\n";
