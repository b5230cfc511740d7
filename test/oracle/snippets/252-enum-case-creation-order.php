<?php
enum Suit { case Hearts; case Spades; case Clubs; const FAV = self::Clubs; }
enum Num: int { case One = 1; case Two = 2; case Three = 3; }
$s = Suit::Spades;
$o = new stdClass;
$f = Suit::FAV;
$h = Suit::Hearts;
debug_zval_dump($s, $f, $h, $o);
$t = Num::Three;
$p = new stdClass;
$two = Num::from(2);
debug_zval_dump($t, $p, $two, Num::One);
