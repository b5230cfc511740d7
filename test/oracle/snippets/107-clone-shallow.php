<?php
$o = new stdClass;
$o->list = [1];
$o->obj = new stdClass;
$c = clone $o;
$c->list[] = 2;
$c->obj->x = 1;
var_dump($o);
