<?php
class A { public static $list = []; }
class B extends A {}
B::$list[] = 1;
A::$list[] = 2;
echo count(A::$list), count(B::$list), "\n";
