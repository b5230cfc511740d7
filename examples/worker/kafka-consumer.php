<?php
// bin/consume-orders.php: a php-rdkafka consumer run by supervisord.
// MemLens: worker.noMemoryGuard on the loop (with the simulated growth per message), worker.unboundedQueue on the
// retry buffer.
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

$conf = new RdKafka\Conf();
$conf->set('group.id', 'order-projector');
$conf->set('metadata.broker.list', getenv('KAFKA_BROKERS') ?: 'kafka:9092');
$conf->set('enable.auto.commit', 'true');

$consumer = new RdKafka\KafkaConsumer($conf);
$consumer->subscribe(['orders']);

$projector = new OrderProjector(new PDO(getenv('DATABASE_DSN')));
$retry = [];

while (true) {
    $message = $consumer->consume(120 * 1000);
    switch ($message->err) {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            if (!$projector->apply(json_decode($message->payload, true))) {
                $retry[] = $message->payload;
            }
            break;
        case RD_KAFKA_RESP_ERR__TIMED_OUT:
            if ($retry) {
                $projector->apply(json_decode(array_shift($retry), true));
            }
            break;
        default:
            throw new RuntimeException($message->errstr(), $message->err);
    }
}
