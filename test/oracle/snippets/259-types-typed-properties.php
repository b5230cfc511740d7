<?php
function m($s) { return str_replace(__FILE__, 'FILE', $s); }
class Item {
  public int $qty = 0;
  public ?string $label = null;
  public float $price = 0.0;
  public array $tags = [];
  public int|string $code = 0;
  public ?self $next = null;
  public bool $flag = false;
  public int $uninit;
  public function __construct(public int $id = 0, public ?Item $parent = null) {}
}
$o = new Item("7");
var_dump($o->id);
foreach (['5', '5.5', 'abc', 1.9, true, null, [], 7, ' 8 '] as $v) {
  try { $o->qty = $v; var_dump($o->qty); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
}
foreach (['s', 5, 1.5, true, null, [], new Item] as $v) {
  try { $o->label = $v; var_dump($o->label); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
}
$o->price = 3;
var_dump($o->price);
try { $o->tags = 'x'; } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
$o->code = 2.0; var_dump($o->code);
$o->code = 'c'; var_dump($o->code);
try { $o->next = new stdClass; } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
$o->next = new Item(2); var_dump($o->next->id);
$o->flag = "yes"; var_dump($o->flag);
$o->qty = 10;
$o->qty += "5";
var_dump($o->qty);
$o->qty .= "1";
var_dump($o->qty);
try { $o->qty .= "x"; } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
var_dump($o->qty);
try { echo $o->uninit; } catch (Error $e) { echo m($e->getMessage()), "\n"; }
$o->uninit = "3";
var_dump($o->uninit);
try { new Item("x"); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
try { new Item(1, new stdClass); } catch (TypeError $e) { echo m($e->getMessage()), "\n"; }
