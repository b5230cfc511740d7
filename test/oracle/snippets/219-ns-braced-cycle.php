<?php
namespace Lib {
  class Node { public $next; }
  function make() { return new Node; }
  const LIMIT = 3;
}
namespace {
  use Lib\Node;
  use function Lib\make;
  use const Lib\LIMIT;
  $a = make(); $b = new Node; $a->next = $b; $b->next = $a;
  echo LIMIT, ' ', get_class($a), "\n";
  unset($a, $b);
  echo gc_collect_cycles(), "\n";
  var_dump(new Lib\Node);
}
