<?php
enum Suit { case Hearts; case Spades; case Clubs; }
enum One { case Only; }
enum Big { case A; case B; case C; case D; case E; case F; case G; case H; case I; case J; }
enum Status: int { case Active = 1; case Inactive = 0; }
enum Code: string { case Ok = 'ok'; case Fail = 'failure'; }
interface HasLabel { function label(): string; }
enum WithConst implements HasLabel { case X; case Y; const DEFAULT = self::X; function label(): string { return 'l'; } }
echo "start\n";
$m = memory_get_usage(); $a = Suit::Hearts; echo "Suit first: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $b = Suit::Spades; echo "Suit second: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $c = Suit::Hearts; echo "Suit again: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $d = One::Only; echo "One first: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $e = Big::E; echo "Big first: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $e = Big::F; echo "Big second: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $f = Status::Active; echo "Status first: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $f = Status::Inactive; echo "Status second: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $g = Code::from('ok'); echo "Code from: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $h = WithConst::Y; echo "WithConst: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $l = Suit::cases(); echo "cases: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $l2 = Big::cases(); echo "Big cases: ", memory_get_usage() - $m, "\n";
enum Many: int { case A = 1; case B = 2; case C = 3; case D = 4; case E = 5; case F = 6; case G = 7; case H = 8; case I = 9; }
$m = memory_get_usage(); $x = Many::tryFrom(4); echo "Many: ", memory_get_usage() - $m, "\n";
$m = memory_get_usage(); $y = Many::tryFrom(99); echo "Many miss: ", memory_get_usage() - $m, "\n";
echo Status::Active->value, Code::Fail->value, count(Many::cases()), "\n";
