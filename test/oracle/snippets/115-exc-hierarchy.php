<?php
try { intdiv(1, 1); throw new DomainException('d'); } catch (LogicException $e) { echo 'logic: ', $e->getMessage(), "\n"; } finally { echo "done\n"; }
