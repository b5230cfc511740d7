<?php
enum Suit { case Hearts; case Spades; public function color(): string { return match($this) { Suit::Hearts => 'Red', Suit::Spades => 'Black' }; } }
enum Status: string { case Active = 'active'; case Off = 'off'; const DEFAULT = self::Active; public static function fromLabel($l) { return self::from($l); } public function label(): string { return ucfirst($this->value); } }
echo Suit::Hearts->color(), ' ', Suit::Hearts->name, "\n";
var_dump(Suit::Hearts === Suit::Hearts, Suit::Hearts instanceof UnitEnum);
var_dump(Suit::cases());
echo Status::from('off')->name, ' ', Status::tryFrom('zz') === null ? 'null' : 'x', ' ', Status::Active->value, ' ', Status::DEFAULT->label(), "\n";
var_dump(Status::Active);
debug_zval_dump(Status::Off);
try { Status::from('nope'); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
var_dump(Status::cases());
$s = Suit::Spades; $t = $s;
debug_zval_dump($s);
