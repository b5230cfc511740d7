<?php
$name = 'World';
$arr = ['k' => 'v'];
echo <<<EOT
Hello $name!
  Value: {$arr['k']}
End
EOT;
echo "\n";
echo <<<'NOW'
Raw $name
NOW;
echo "\n";
