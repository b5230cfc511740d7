// Runs the registered rules over one unit of a PHP file, or over a configuration file, applying the user's
// severities. A rule that throws is contained: it becomes one `memlens.internalError` finding, never a crash.
import type { ConfigFile, Finding, Rule, Severity, Unit } from './types';
import type { Settings } from '../config';
import { allRules } from './index';
import type { FileFacts } from '../core/facts';
import type { Budget } from '../core/budget';
import { forgetUnitIndexes } from '../core/modelIndex';

export const INTERNAL_ERROR = 'memlens.internalError';

function levelOf(rule: Rule, settings: Settings): Severity | 'off' {
  return settings.rules[rule.meta.id] ?? rule.meta.severity;
}

function collector(rule: Rule, settings: Settings, out: Finding[]) {
  const configured = settings.rules[rule.meta.id];
  return (f: Omit<Finding, 'rule' | 'severity'> & { severity?: Severity }) => {
    const severity = (configured && configured !== 'off' ? configured : f.severity ?? rule.meta.severity) as Severity;
    const tags = f.tags ?? rule.meta.tags;
    out.push({ ...f, rule: rule.meta.id, severity, ...(tags ? { tags } : {}) });
  };
}

function contain(rule: Rule, start: number, out: Finding[], fn: () => void): void {
  try {
    fn();
  } catch (err: any) {
    out.push({
      rule: INTERNAL_ERROR,
      severity: 'hint',
      start,
      end: start,
      message: `MemLens rule ${rule.meta.id} failed here (${String(err?.message ?? err).slice(0, 200)}). ` +
        'Other rules still ran. Please report this with the file at https://github.com/memlens/memlens/issues',
    });
  }
}

/** A time budget shared by every unit of one analysis: once spent, the remaining rules are skipped and named. */
export interface UnitLimits { budget: Budget; skipped: string[]; }

export function runUnit(unit: Unit, text: string, fileName: string, facts: FileFacts, settings: Settings, rules: readonly Rule[] = allRules, limits?: UnitLimits): Finding[] {
  const out: Finding[] = [];
  const start = unit.nodes[0]?.loc?.start.offset ?? 0;
  forgetUnitIndexes();
  for (const rule of rules) {
    if (!rule.check || levelOf(rule, settings) === 'off') continue;
    if (limits?.budget.spent()) {
      limits.skipped.push(rule.meta.id);
      continue;
    }
    const report = collector(rule, settings, out);
    contain(rule, start, out, () => rule.check!({ text, fileName, unit, facts, settings, report }));
  }
  return out;
}

export function runConfig(file: ConfigFile, settings: Settings, rules: readonly Rule[] = allRules): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!rule.checkConfig || levelOf(rule, settings) === 'off') continue;
    if (rule.meta.languages && !rule.meta.languages.includes(file.language)) continue;
    const report = collector(rule, settings, out);
    contain(rule, 0, out, () => rule.checkConfig!({ file, settings, report }));
  }
  return out;
}
