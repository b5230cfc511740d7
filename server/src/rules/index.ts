// The registry: every rule MemLens has, by area. Each area folder lists its own rules in its index.ts.
import type { Rule } from './types';
import { memoryRules } from './memory';
import { sessionRules } from './session';
import { kafkaRules } from './kafka';
import { workerRules } from './worker';
import { configRules } from './config';

export const allRules: readonly Rule[] = [...memoryRules, ...sessionRules, ...kafkaRules, ...workerRules, ...configRules];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));

export const ruleIds: ReadonlySet<string> = new Set(rulesById.keys());

/** Where each rule's documentation lives, relative to the repository root. */
export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export const DOCS_BASE_URL = 'https://github.com/memlens/memlens/blob/main/';
