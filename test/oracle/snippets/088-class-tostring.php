<?php
class Money { function __construct(private $amt) {} function __toString(): string { return sprintf('%.2f EUR', $this->amt); } }
$m = new Money(3.5);
echo $m, "\n";
echo 'Total: ' . $m . "\n";
