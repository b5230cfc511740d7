<?php
// A CLI script pushing metrics. Shows: kafka.strictTypesValue.
declare(strict_types=1);

$conf = new RdKafka\Conf();
$conf->set('bootstrap.servers', 'localhost:9092');
$conf->set('queue.buffering.max.messages', 500000);
$conf->set('enable.idempotence', true);
$producer = new RdKafka\Producer($conf);
$topic = $producer->newTopic('metrics');
foreach (collect_metrics() as $metric) {
    $topic->produce(RD_KAFKA_PARTITION_UA, 0, json_encode($metric));
    $producer->poll(0);
}
for ($flushRetries = 0; $flushRetries < 10; $flushRetries++) {
    $result = $producer->flush(10000);
    if (RD_KAFKA_RESP_ERR_NO_ERROR === $result) {
        break;
    }
}
