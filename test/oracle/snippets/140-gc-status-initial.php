<?php
print_r(gc_status());
var_dump(gc_enabled());
