<?php
// Growth that only matters in a long-running process.

// memory.staticAccumulation: a static cache keyed by URL, never trimmed (quick fix: bound the cache).
function fetchPreview(string $url): string
{
    static $previews = [];
    $previews[$url] = substr((string) @file_get_contents($url), 0, 500);
    return $previews[$url];
}

// memory.globalAccumulation: a global query log.
function logQuery(string $sql, float $ms): void
{
    $GLOBALS['query_log'][] = [$sql, $ms];
}

// memory.unboundedLoopGrowth: a consumer that remembers every key it has seen.
function consumeForever(RdKafka\KafkaConsumer $consumer): void
{
    $seen = [];
    while (true) {
        $message = $consumer->consume(1000);
        if ($message->err !== RD_KAFKA_RESP_ERR_NO_ERROR) {
            continue;
        }
        $seen[$message->key] = true;
        gc_collect_cycles(); // memory.gcInHotLoop: a full collector pass per message
    }
}

// memory.largeMaterialization: a million-element array just to count (quick fix: a for loop).
function seed(PDO $pdo): void
{
    $insert = $pdo->prepare('INSERT INTO t (id) VALUES (?)');
    foreach (range(1, 1000000) as $id) {
        $insert->execute([$id]);
    }
}

// memory.gcDisabled and memory.memoryLimit.
function nightlyImport(array $rows): void
{
    gc_disable();
    ini_set('memory_limit', '512MB');
    foreach ($rows as $row) {
        importRow($row);
    }
}
