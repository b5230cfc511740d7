<?php
try { echo match(5) { 1 => 'a', 2 => 'b' }; } catch (\UnhandledMatchError $e) { echo $e->getMessage(), "\n"; }
