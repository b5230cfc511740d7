<?php
// A ReactPHP log collector. MemLens: worker.unboundedQueue on the SplQueue, worker.blockingCallInEventLoop on the
// URL read in the timer.
use React\EventLoop\Loop;
use React\Socket\ConnectionInterface;
use React\Socket\SocketServer;

require __DIR__ . '/vendor/autoload.php';

$pending = new SplQueue();

$socket = new SocketServer('0.0.0.0:5140');
$socket->on('connection', function (ConnectionInterface $connection) use ($pending) {
    $connection->on('data', function (string $chunk) use ($pending) {
        $pending->enqueue($chunk);
    });
});

Loop::addPeriodicTimer(1.0, function () use ($pending) {
    $config = json_decode(file_get_contents('http://config.internal/collector.json'), true);
    for ($i = 0; $i < $config['batch'] && !$pending->isEmpty(); $i++) {
        file_put_contents('/var/log/collected.log', $pending->dequeue(), FILE_APPEND);
    }
});
