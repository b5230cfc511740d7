<?php
class M { function f() { return 1; } }
$m = new M;
echo gc_status()['roots'], "\n";
$m->f();
echo gc_status()['roots'], "\n";
