<?php
echo "x\n";
$m = memory_get_usage(); $e = (object)[]; echo "empty: ", memory_get_usage() - $m, "\n";
$e->a = 1; echo "after add: ", memory_get_usage() - $m, "\n";
$a = ['x' => 1]; $o = (object)$a; $o->y = 2; var_dump($a, $o);
$r = ['n' => 1]; $ref = &$r['n']; $o2 = (object)$r; $ref = 5; var_dump($o2);
$arr = ['o' => new stdClass]; $o3 = (object)$arr; unset($arr); $o3->o->z = 1; var_dump($o3);
$cl = clone $o; var_dump($cl == $o);
foreach ((object)['p' => 1, 'q' => 2] as $k => $v) echo "$k=$v\n";
var_dump(isset($o->x), property_exists($o, 'y'));
$big = []; for ($i = 0; $i < 20; $i++) $big["k$i"] = $i;
$m = memory_get_usage(); $ob = (object)$big; echo "big share: ", memory_get_usage() - $m, "\n";
$ob->k0 = 'w'; echo "big sep: ", memory_get_usage() - $m, "\n";
debug_zval_dump((object)['s' => str_repeat('a', 2)]);
$x = (object)['a' => [1]]; $x->a[] = 2; var_dump($x);
