<?php
// A long-running consumer that rebuilds a search index. Shows: kafka.missingGroupId, kafka.noCommit,
// kafka.partitionEofNeverArrives, kafka.unhandledConsumeError.

namespace Search;

final class ReindexWorker
{
    private \RdKafka\KafkaConsumer $consumer;

    public function __construct(private SearchIndex $index)
    {
        $conf = new \RdKafka\Conf();
        $conf->set('bootstrap.servers', 'kafka:9092');
        $conf->set('enable.auto.commit', 'false');
        $conf->set('auto.offset.reset', 'earliest');
        $this->consumer = new \RdKafka\KafkaConsumer($conf);
    }

    public function run(): void
    {
        $this->consumer->subscribe(['products']);
        while (true) {
            $message = $this->consumer->consume(10_000);
            if ($this->handle($message)) {
                break;
            }
        }
    }

    private function handle(\RdKafka\Message $message): bool
    {
        switch ($message->err) {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                $this->index->update(json_decode($message->payload, true));
                return false;
            case RD_KAFKA_RESP_ERR__PARTITION_EOF:
                return true;
            case RD_KAFKA_RESP_ERR__TIMED_OUT:
                return false;
        }
        return false;
    }
}
