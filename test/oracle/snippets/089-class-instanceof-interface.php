<?php
interface I {}
interface J extends I {}
class X implements J {}
$x = new X;
var_dump($x instanceof I, $x instanceof J, $x instanceof X, $x instanceof stdClass);
