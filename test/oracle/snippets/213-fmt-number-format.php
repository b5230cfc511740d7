<?php
echo number_format(1234567.891), ' ', number_format(1234567.891, 2), ' ', number_format(0.5), ' ', number_format(1234.5, 1, ',', '.'), "\n";
