<?php
interface HasLabel { public function label(): string; }
enum Level: int implements HasLabel {
  case Low = 1; case High = 3;
  const DEFAULT = self::Low;
  public function label(): string { return strtolower($this->name) . '=' . $this->value; }
  public static function max(): self { $m = self::Low; foreach (self::cases() as $c) if ($c->value > $m->value) $m = $c; return $m; }
}
echo Level::DEFAULT->label(), ' ', Level::max()->label(), "\n";
var_dump(Level::High instanceof HasLabel, Level::tryFrom(2), Level::from(3));
$list = [Level::Low, Level::High, Level::Low];
debug_zval_dump(Level::Low);
echo count(array_filter($list, fn($l) => $l === Level::Low)), "\n";
print_r(Level::cases());
$o = new stdClass;
var_dump($o);
try { Level::from(7); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
