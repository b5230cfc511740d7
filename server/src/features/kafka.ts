// Editor help for php-rdkafka configuration: hovers on property names inside `->set('...')` (description, type,
// range or values, default, scope, importance, from the librdkafka table the user runs), and completion of property
// names and of enum/bool values inside `->set(` strings. Text-based around the cursor, so it works while the line
// is still being typed (and does not parse).
import type { CompletionItem, Completions, FeatureContext, FeatureSet, Hover } from './types';
import { tableFor, findProperty, canonical, settableNames, type Property, type PropertyTable } from '../knowledge/kafka/table';

const LINE_LIMIT = 2000;

function lineAround(text: string, offset: number): { start: number; line: string } {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, offset - LINE_LIMIT);
  let end = text.indexOf('\n', offset);
  if (end < 0 || end - offset > LINE_LIMIT) end = Math.min(text.length, offset + LINE_LIMIT);
  return { start, line: text.slice(start, end) };
}

interface SetString {
  /** Which argument of set() the cursor is in. */
  arg: 'name' | 'value';
  /** The property name (for the value argument). */
  name?: string;
  /** The string's content range (without quotes) and its content so far. */
  start: number;
  end: number;
  content: string;
}

/** The `->set('name', 'value')` string the offset is inside, if any. */
function setStringAt(text: string, offset: number): SetString | null {
  const { start, line } = lineAround(text, offset);
  const col = offset - start;
  const before = line.slice(0, col);
  const nameArg = /->set\(\s*(['"])([^'"\\]*)$/.exec(before);
  const valueArg = /->set\(\s*(['"])([^'"\\]+)\1\s*,\s*(['"])([^'"\\]*)$/.exec(before);
  const m = valueArg ?? nameArg;
  if (!m) return null;
  const quote = valueArg ? valueArg[3] : m[1];
  const content = valueArg ? valueArg[4] : m[2];
  const rest = line.slice(col);
  const close = rest.indexOf(quote);
  const tail = close >= 0 && !/[\n]/.test(rest.slice(0, close)) ? rest.slice(0, close) : /^[^'"\s,)]*/.exec(rest)![0];
  return {
    arg: valueArg ? 'value' : 'name',
    name: valueArg?.[2],
    start: offset - content.length,
    end: offset + tail.length,
    content: content + tail,
  };
}

function plain(description: string): string {
  return description.replace(/<br>/g, ' ').replace(/\s+/g, ' ').trim();
}

export function describeProperty(table: PropertyTable, p: Property): string {
  const target = canonical(table, p);
  const lines = [`**${p.name}** · librdkafka ${table.librdkafka}`];
  if (target !== p) lines.push(`Alias of \`${target.name}\`.`);
  lines.push('', plain(target.description), '');
  const facts: string[] = [`Type: ${target.type}`];
  if (target.range) facts.push(`Range: ${target.range[0]} .. ${target.range[1]}`);
  if (target.values) facts.push(`Values: ${target.values.map((v) => `\`${v}\``).join(', ')}`);
  if (target.words) facts.push(`Also: ${Object.keys(target.words).map((w) => `\`${w}\``).join(', ')}`);
  facts.push(`Default: ${target.default === '' ? '(none)' : `\`${target.default}\``}`);
  facts.push(`Client: ${target.scope === 'both' ? 'producer and consumer' : target.scope}`);
  facts.push(`Importance: ${target.importance}`);
  if (target.deprecated || p.deprecated) facts.push('**Deprecated**');
  if (target.unsupported) facts.push(`Not supported in this build: ${target.unsupported}`);
  lines.push(facts.join('  \n'));
  return lines.join('\n');
}

export const kafkaHover = (ctx: FeatureContext): Hover | null => {
  if (ctx.language !== 'php') return null;
  const at = setStringAt(ctx.text, ctx.offset);
  if (!at || at.arg !== 'name') return null;
  const table = tableFor(ctx.settings);
  const p = findProperty(table, at.content);
  if (!p) return null;
  return { start: at.start, end: at.end, markdown: describeProperty(table, p) };
};

function valueItems(p: Property): CompletionItem[] {
  const items: CompletionItem[] = [];
  const mark = (v: string) => (v === p.default ? ' (default)' : '');
  if (p.type === 'boolean') for (const v of ['true', 'false']) items.push({ label: v, kind: 'value', detail: `bool${mark(v)}` });
  for (const v of p.values ?? []) {
    if (p.unsupportedValues?.[v]) continue;
    items.push({ label: v, kind: 'value', detail: `${p.type}${mark(v)}` });
  }
  for (const w of Object.keys(p.words ?? {})) items.push({ label: w, kind: 'value', detail: `= ${p.words![w]}` });
  if (p.name === 'partitioner') {
    for (const v of ['random', 'consistent', 'consistent_random', 'murmur2', 'murmur2_random', 'fnv1a', 'fnv1a_random']) items.push({ label: v, kind: 'value', detail: `partitioner${mark(v)}` });
  }
  if (!items.length && p.default !== '') items.push({ label: p.default, kind: 'value', detail: 'default' });
  return items;
}

export const kafkaCompletion = (ctx: FeatureContext): Completions | null => {
  if (ctx.language !== 'php') return null;
  const at = setStringAt(ctx.text, ctx.offset);
  if (!at) return null;
  const table = tableFor(ctx.settings);
  if (at.arg === 'value') {
    const p = findProperty(table, at.name!);
    if (!p) return null;
    const items = valueItems(canonical(table, p));
    return items.length ? { start: at.start, end: at.end, items } : null;
  }
  const items: CompletionItem[] = settableNames(table).map((name) => {
    const p = findProperty(table, name)!;
    const target = canonical(table, p);
    return {
      label: name,
      kind: 'property',
      detail: `${target.type}${target.default !== '' ? ` = ${target.default}` : ''} · ${target.scope}${p.deprecated || target.deprecated ? ' · deprecated' : ''}`,
      documentation: plain(target.description),
    };
  });
  return { start: at.start, end: at.end, items };
};

export const kafkaFeatures: FeatureSet = {
  hovers: [kafkaHover],
  completions: [kafkaCompletion],
};
