import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { flowFor, confState, settled, tableOf, statementOf, insertAfterStatement } from '../../core/kafkaConf';
import type { KafkaFlow, KafkaObject } from '../../core/kafkaFlow';
import { walk, span } from '../../core/walk';

const EOF_NAME = 'RD_KAFKA_RESP_ERR__PARTITION_EOF';

/** The messages whose `->err` the constant is compared with (switch subject or the other side of ==/===). */
function comparedMessages(flow: KafkaFlow, constant: Node): Set<KafkaObject> {
  const out = new Set<KafkaObject>();
  const fn = flow.fnOf(constant) ?? '<script>';
  const [parent, grand] = flow.ancestors(constant);
  let subject: Node | null = null;
  if (parent?.kind === 'case') {
    const sw = flow.ancestors(parent).find((a) => a.kind === 'switch');
    subject = sw?.test ?? null;
  } else if (parent?.kind === 'bin' && ['==', '===', '!=', '!=='].includes(parent.type)) {
    subject = parent.left === constant ? parent.right : parent.left;
  } else if (parent?.kind === 'matcharm' || grand?.kind === 'match') {
    subject = (parent?.kind === 'matcharm' ? grand : parent)?.test ?? null;
  }
  if (subject?.kind === 'propertylookup' && subject.offset?.name === 'err') {
    for (const o of flow.objectsOf(subject.what, fn)) if (o.kind === 'message') out.add(o);
  }
  return out;
}

// enable.partition.eof is false by default since librdkafka 1.0, so RD_KAFKA_RESP_ERR__PARTITION_EOF never
// arrives: code waiting for it (to stop at the end of a partition, to commit a batch) never runs.
export const partitionEofNeverArrives: Rule = {
  meta: {
    id: 'kafka.partitionEofNeverArrives',
    area: 'kafka',
    severity: 'warning',
    description: 'Code handling RD_KAFKA_RESP_ERR__PARTITION_EOF while the consumer\'s Conf does not set enable.partition.eof=true.',
    fixable: true,
  },
  check(ctx) {
    if (!ctx.text.includes(EOF_NAME)) return;
    const flow = flowFor(ctx);
    if (!flow) return;
    const table = tableOf(ctx);
    for (const node of ctx.unit.nodes) {
      walk(node, (n) => {
        if (n.kind !== 'name' || String(n.name).replace(/^\\/, '') !== EOF_NAME) return;
        const messages = comparedMessages(flow, n);
        if (!messages.size) return;
        const consumers = [...messages].flatMap((m) => [...m.clients]);
        if (!consumers.length || consumers.some((c) => c.origin.kind !== 'new' || !c.confs.size)) return;
        const confs = consumers.flatMap((c) => [...c.confs]);
        const states = confs.map((c) => confState(c, table));
        if (!states.every((s) => { const v = settled(s, 'enable.partition.eof'); return v === undefined || v === false; })) return;
        const conf = confs[0];
        const holder = flow.holderIn(conf, conf.fn);
        const statement = statementOf(flow, conf.origin);
        ctx.report({
          ...span(n, ctx.text),
          message: `${EOF_NAME} never arrives here: enable.partition.eof defaults to false since librdkafka 1.0 and ` +
            "this consumer's Conf does not set it to 'true', so this branch never runs.",
          fixes: holder && statement && confs.length === 1
            ? [{ title: "Set enable.partition.eof to 'true'", edits: [insertAfterStatement(ctx.text, statement, [`${holder}->set('enable.partition.eof', 'true');`])], preferred: true }]
            : [],
        });
      });
    }
  },
};
