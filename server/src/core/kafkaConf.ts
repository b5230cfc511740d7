// What the kafka.* rules share: the unit's flow (built once per unit), the constant values PHP passes to
// Conf::set, and the configuration each Conf ends up with, judged by librdkafka's own rules.
import type { Node } from './parse';
import type { RuleContext, Unit } from '../rules/types';
import { kafkaFlow, type KafkaFlow, type KafkaObject, type SetCall } from './kafkaFlow';
import { tableFor, canonical, type Property, type PropertyTable } from '../knowledge/kafka/table';
import { setConf, type SetResult } from '../knowledge/kafka/validate';
import { perText } from './perText';

const flows = new WeakMap<Unit, KafkaFlow>();

/** Every kafka rule asks this for every unit of a file. */
const mentionsRdkafka = perText((text) => /rdkafka/i.test(text));

/** The flow of ctx.unit; null when the unit mentions no php-rdkafka class (the common case, kept cheap). */
export function flowFor(ctx: RuleContext): KafkaFlow | null {
  if (!mentionsRdkafka(ctx.text)) return null;
  let flow = flows.get(ctx.unit);
  if (!flow) {
    flow = kafkaFlow(ctx.unit.nodes, ctx.text);
    flows.set(ctx.unit, flow);
  }
  return flow;
}

export interface PhpConstant {
  /** The string Conf::set receives (PHP's conversion for ints and bools in non-strict files). */
  value: string;
  /** The PHP type of the literal: anything but 'string' is a TypeError under strict_types. */
  type: 'string' | 'int' | 'float' | 'bool';
}

/** A literal argument's value as Conf::set sees it; null for anything not constant in the source. */
export function phpConstant(node: Node | null | undefined): PhpConstant | null {
  if (!node) return null;
  switch (node.kind) {
    case 'string':
      return { value: String(node.value), type: 'string' };
    case 'nowdoc':
      return { value: String(node.value), type: 'string' };
    case 'number': {
      const raw = String(node.value).replace(/_/g, '');
      if (/^(0|[1-9]\d*)$/.test(raw) && Number(raw) <= Number.MAX_SAFE_INTEGER) return { value: raw, type: 'int' };
      if (/^\d+\.\d+$/.test(raw) && raw.length < 12) return { value: String(Number(raw)), type: 'float' };
      return null;
    }
    case 'unary': {
      const inner = node.type === '-' || node.type === '+' ? phpConstant(node.what) : null;
      if (!inner || inner.type === 'string' || inner.type === 'bool') return null;
      return node.type === '-' && inner.value !== '0' ? { ...inner, value: '-' + inner.value } : inner;
    }
    case 'boolean':
      return { value: node.value ? '1' : '', type: 'bool' };
    default:
      return null;
  }
}

export interface ConfEntry {
  set: SetCall;
  /** The property name when constant. */
  name: string | null;
  /** The value when constant. */
  value: PhpConstant | null;
  /** librdkafka's verdict when name and value are constant (value '' counts too). */
  result: SetResult | null;
  /** Where the name resolves (with a constant name, whatever the value), aliases resolved. */
  property: Property | null;
  /** librdkafka's "No such configuration property" text when the constant name is unknown. */
  unknown: string | null;
}

export function orderOf(obj: KafkaObject): 'conf' | 'topicConf' {
  return obj.kind === 'topicConf' ? 'topicConf' : 'conf';
}

const entryCache = new WeakMap<KafkaObject, { table: PropertyTable; entries: ConfEntry[] }>();

/** Each set() on the object, judged in source order (computed once per object and table). */
export function confEntries(obj: KafkaObject, table: PropertyTable): ConfEntry[] {
  const cached = entryCache.get(obj);
  if (cached && cached.table === table) return cached.entries;
  const entries = judgeEntries(obj, table);
  entryCache.set(obj, { table, entries });
  return entries;
}

function judgeEntries(obj: KafkaObject, table: PropertyTable): ConfEntry[] {
  return [...obj.sets].sort((a, b) => a.call.loc!.start.offset - b.call.loc!.start.offset).map((set) => {
    const nameConst = phpConstant(set.name);
    const name = nameConst?.type === 'string' ? nameConst.value : null;
    const value = phpConstant(set.value);
    const probe = name === null ? null : setConf(table, name, value?.value ?? 'x', orderOf(obj));
    const property = probe?.property ? canonical(table, probe.property) : null;
    const result = name !== null && value ? setConf(table, name, value.value, orderOf(obj)) : null;
    const unknown = probe?.verdict === 'unknown' ? probe.message ?? null : null;
    return { set, name, value, result, property, unknown };
  });
}

export interface ConfState {
  /** Every set() name is constant, the object was made here and never left the unit. */
  complete: boolean;
  /** Canonical property name -> its last entry (which may have a non-constant value). */
  values: Map<string, ConfEntry>;
  entries: ConfEntry[];
}

/** A Conf with its default TopicConf merged in: what the client is created with. */
export function confState(obj: KafkaObject, table: PropertyTable): ConfState {
  const entries = confEntries(obj, table);
  let complete = obj.allocated && !obj.escaped && entries.every((e) => e.name !== null);
  const values = new Map<string, ConfEntry>();
  for (const tc of obj.topicConfs) {
    const sub = confState(tc, table);
    complete &&= sub.complete;
    for (const [k, v] of sub.values) values.set(k, v);
  }
  for (const e of entries) if (e.property) values.set(e.property.name, e);
  return { complete, values, entries };
}

/** The parsed value of a property when its last set() is constant and valid; undefined when unset; null when
 * we cannot know it. */
export function settled(state: ConfState, name: string): string | number | boolean | null | undefined {
  const e = state.values.get(name);
  if (!e) return state.complete ? undefined : null;
  if (!e.result || e.result.verdict !== 'valid') return null;
  return e.result.parsed ?? null;
}

export type ClientSide = 'producer' | 'consumer';

/** Which kind of client a Conf/TopicConf reaches: one side, both, or none known. */
export function sidesReached(obj: KafkaObject): Set<ClientSide> {
  const out = new Set<ClientSide>();
  for (const c of obj.reaches) out.add(c.kind === 'producer' ? 'producer' : 'consumer');
  return out;
}

/** The clients a conf, topic, message or queue belongs to. */
export function clientsOf(obj: KafkaObject): KafkaObject[] {
  if (obj.kind === 'producer' || obj.kind === 'kafkaConsumer' || obj.kind === 'consumer') return [obj];
  return [...obj.clients];
}

/** The inside of a string literal (without quotes), for squiggles and replacements. */
export function stringInside(node: Node, text: string): { start: number; end: number } {
  const start = node.loc!.start.offset;
  let end = node.loc!.end.offset;
  while (end > start && /[;\s,)]/.test(text[end - 1])) end--;
  if (node.kind === 'string' && end - start >= 2) return { start: start + 1, end: end - 1 };
  return { start, end };
}

export function tableOf(ctx: RuleContext): PropertyTable {
  return tableFor(ctx.settings);
}

/** Every set() call on a Conf/TopicConf of the unit, once each, with the object it configures. */
export function allEntries(flow: KafkaFlow, table: PropertyTable): Array<{ obj: KafkaObject; entry: ConfEntry }> {
  const seen = new Set<Node>();
  const out: Array<{ obj: KafkaObject; entry: ConfEntry }> = [];
  for (const obj of flow.objects) {
    if (obj.kind !== 'conf' && obj.kind !== 'topicConf') continue;
    for (const entry of confEntries(obj, table)) {
      if (seen.has(entry.set.call)) continue;
      seen.add(entry.set.call);
      out.push({ obj, entry });
    }
  }
  return out;
}

/** Edits that insert `line` as a new statement after `statement`, at its indentation. */
export function insertAfterStatement(text: string, statement: Node, lines: string[]): { start: number; end: number; newText: string } {
  const end = statement.loc!.end.offset;
  const lineStart = text.lastIndexOf('\n', statement.loc!.start.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { start: end, end, newText: lines.map((l) => `\n${indent}${l}`).join('') };
}

/** Inserts `lines` before `statement` at its indentation. */
export function insertBeforeStatement(text: string, statement: Node, lines: string[]): { start: number; end: number; newText: string } {
  const start = statement.loc!.start.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { start, end: start, newText: lines.map((l) => `${l}\n${indent}`).join('') };
}

/** The statement (direct child of a block/function body) that contains `node`. */
export function statementOf(flow: KafkaFlow, node: Node): Node | null {
  let prev: Node = node;
  for (const a of flow.ancestors(node)) {
    if (a.kind === 'block' || a.kind === 'program' || a.kind === 'namespace' || a.kind === 'case' || (a.kind === 'method' || a.kind === 'function' || a.kind === 'closure') || a.kind === 'class') {
      return prev.kind === 'block' ? null : prev;
    }
    prev = a;
  }
  return prev;
}
