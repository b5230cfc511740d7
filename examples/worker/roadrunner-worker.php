<?php
// A RoadRunner PSR-7 worker. MemLens: worker.noMemoryGuard on the loop (or set max_jobs in .rr.yaml),
// worker.stateLeaksBetweenRequests on the global tenant.
use Nyholm\Psr7\Factory\Psr17Factory;
use Spiral\RoadRunner\Http\PSR7Worker;
use Spiral\RoadRunner\Worker;

require __DIR__ . '/vendor/autoload.php';

$factory = new Psr17Factory();
$worker = new PSR7Worker(Worker::create(), $factory, $factory, $factory);
$kernel = require __DIR__ . '/bootstrap/kernel.php';

while ($request = $worker->waitRequest()) {
    $GLOBALS['tenant'] = $request->getHeaderLine('X-Tenant');
    try {
        $worker->respond($kernel->handle($request));
    } catch (Throwable $e) {
        $worker->getWorker()->error((string) $e);
    }
}
