<?php
function next_id() { static $id = 0; return ++$id; }
echo next_id(), next_id(), next_id(), "\n";
