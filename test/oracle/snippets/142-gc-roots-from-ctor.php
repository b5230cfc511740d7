<?php
class C { function __construct() {} }
class E {}
$x = new C; $y = new C;
echo gc_status()['roots'], "\n";
$z = new E;
echo gc_status()['roots'], "\n";
