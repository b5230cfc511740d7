<?php
// An OpenSwoole/Swoole HTTP API. MemLens: worker.noMemoryGuard on start() ('max_request' not set),
// worker.blockingCallInEventLoop on the PDO query and the sleep (no runtime hooks), worker.stateLeaksBetweenRequests
// on the static user.
use Swoole\Http\Request;
use Swoole\Http\Response;
use Swoole\Http\Server;

final class Auth
{
    public static ?array $user = null;
}

$pdo = new PDO('mysql:host=db;dbname=app', 'app', getenv('DB_PASSWORD'));

$server = new Server('0.0.0.0', 9501);
$server->set(['worker_num' => 4]);

$server->on('request', function (Request $request, Response $response) use ($pdo) {
    Auth::$user = $pdo->query('SELECT * FROM users WHERE token = ' . $pdo->quote($request->header['x-token'] ?? ''))->fetch();
    if (!Auth::$user) {
        sleep(1); // slow down token guessing
        $response->status(401);
        $response->end();
        return;
    }
    $response->end(json_encode(['hello' => Auth::$user['name']]));
});

$server->start();
