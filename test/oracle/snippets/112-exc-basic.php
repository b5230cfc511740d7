<?php
try { throw new RuntimeException('bad', 5); } catch (RuntimeException $e) { echo get_class($e), ': ', $e->getMessage(), ' ', $e->getCode(), "\n"; }
