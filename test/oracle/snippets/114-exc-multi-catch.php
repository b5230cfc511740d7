<?php
function t($i) { if ($i == 1) throw new InvalidArgumentException('ia'); if ($i == 2) throw new LengthException('len'); return 'ok'; }
foreach ([0, 1, 2] as $i) { try { echo t($i), "\n"; } catch (InvalidArgumentException | LengthException $e) { echo 'caught ', $e->getMessage(), "\n"; } }
