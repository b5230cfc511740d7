<?php
var_dump(1, -7, 1.0, 0.5, -0.0, 1e100, 0.1 + 0.2, 'str', '', true, false, null);
