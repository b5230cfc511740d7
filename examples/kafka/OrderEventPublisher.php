<?php
// Publishes order events from a web request. Shows: kafka.unknownProperty, kafka.invalidValue,
// kafka.incompatibleSettings, kafka.deprecatedProperty, kafka.wrongScope, kafka.insecureTransport,
// kafka.produceWithoutPoll, kafka.missingFlush.

namespace Shop\Events;

use RdKafka\Conf;
use RdKafka\Producer;

final class OrderEventPublisher
{
    private Producer $producer;
    private \RdKafka\ProducerTopic $topic;

    public function __construct()
    {
        $conf = new Conf();
        $conf->set('metadata.broker.list', 'kafka-1.shop.internal:9092,kafka-2.shop.internal:9092');
        $conf->set('security.protocol', 'sasl_plaintext');
        $conf->set('sasl.mechanisms', 'PLAIN');
        $conf->set('sasl.username', 'shop');
        $conf->set('sasl.password', getenv('KAFKA_PASSWORD'));
        $conf->set('enable.idempotence', 'true');
        $conf->set('max.in.flight', '20');
        $conf->set('linger.ms', '-1');
        $conf->set('compresion.type', 'lz4');
        $conf->set('socket.blocking.max.ms', '100');
        $conf->set('group.id', 'shop');
        $this->producer = new Producer($conf);
        $this->topic = $this->producer->newTopic('order-events');
    }

    /** @param list<array<string, mixed>> $events */
    public function publishAll(array $events): void
    {
        foreach ($events as $event) {
            $this->publish($event);
        }
    }

    private function publish(array $event): void
    {
        $this->topic->produce(RD_KAFKA_PARTITION_UA, 0, json_encode($event), (string) $event['orderId']);
    }
}
