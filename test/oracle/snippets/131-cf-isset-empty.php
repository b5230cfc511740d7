<?php
$a = ['k' => null, 'z' => 0];
var_dump(isset($a['k']), isset($a['z']), empty($a['z']), empty($a['missing']), isset($nope), empty($nope));
