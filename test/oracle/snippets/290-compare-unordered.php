<?php
// Values that cannot be ordered: NAN, and arrays with other keys. They are neither equal, smaller nor larger.
var_dump(NAN == 1, NAN == NAN, 1 == NAN, NAN < 1, NAN > 1, NAN <=> 1, 1 <=> NAN, NAN == "a", [NAN] == [1], NAN >= 1, 1 >= NAN, [1=>1] > [2=>1], [1=>1] < [2=>1], [1=>1] >= [2=>1], max(2, NAN), min(2, NAN), max(NAN, 2), min(NAN, 2), in_array(NAN, [1,2]), 2 > 1, 1 >= 1, "b" > "a");
$a = [3, NAN, 1]; sort($a); var_dump(count($a));
