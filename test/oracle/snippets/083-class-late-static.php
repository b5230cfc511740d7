<?php
class P { static function create() { return new static(); } }
class Q extends P {}
echo get_class(Q::create()), ' ', get_class(P::create()), "\n";
