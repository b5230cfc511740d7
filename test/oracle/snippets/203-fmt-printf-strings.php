<?php
printf("[%s] [%10s] [%-10s] [%'*10s] [%.3s] [%%]\n", 'abc', 'abc', 'abc', 'abc', 'abcdef');
$n = printf("%s\n", 'count me');
echo $n, "\n";
