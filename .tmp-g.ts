import { parsePhp } from './server/src/core/parse';
import { topLevelStatements, splitUnits } from './server/src/core/units';
import { findWorkerContexts } from './server/src/core/workerContext';
import { growthProgram, loopGrowth, DEFAULT_ITERATIONS, WARMUP } from './server/src/core/workerGrowth';
import { defaultSettings } from './server/src/config';
const text = `<?php
$consumer = new RdKafka\\KafkaConsumer($conf);
$kept = []; $orders = []; $log = '';
while (true) {
    $message = $consumer->consume(1000);
    if ($message->payload === 'order') $orders[] = $message;
    $kept[] = $message->payload; $log .= 'x';
}
`;
const unit = splitUnits(topLevelStatements(parsePhp(text).program)).find((u) => u.kind === 'script')!;
const [ctx] = findWorkerContexts(unit.nodes, text, defaultSettings);
const p = growthProgram(ctx, text, [], DEFAULT_ITERATIONS + WARMUP, unit.nodes);
console.log(p.status === 'ready' ? p.code : p);
console.log(loopGrowth(ctx, text, [], unit.nodes));
