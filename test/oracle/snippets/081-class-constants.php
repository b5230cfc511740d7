<?php
class Cfg { const A = 1; const B = self::A + 1; const LIST = ['x', 'y']; }
echo Cfg::B, ' ', count(Cfg::LIST), ' ', Cfg::LIST[1], "\n";
