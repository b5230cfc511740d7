// Runs the registered rules over one unit of a PHP file, or over a configuration file, applying the user's
// severities. A rule that throws is contained: it becomes one `memlens.internalError` finding, never a crash.
import type { ConfigFile, Finding, Rule, RuleContext, Severity, Unit } from './types';
import type { Settings } from '../config';
import { allRules } from './index';
import type { FileFacts } from '../core/facts';
import type { Budget } from '../core/budget';
import { forgetUnitIndexes } from '../core/modelIndex';

export const INTERNAL_ERROR = 'memlens.internalError';

function levelOf(rule: Rule, settings: Settings): Severity | 'off' {
  return settings.rules[rule.meta.id] ?? rule.meta.severity;
}

/** A rule's report as a finding: the rule's id, and the user's severity over the one the rule chose. */
function finding(rule: Rule, settings: Settings, f: Omit<Finding, 'rule' | 'severity'> & { severity?: Severity }): Finding {
  const configured = settings.rules[rule.meta.id];
  const severity = (configured && configured !== 'off' ? configured : f.severity ?? rule.meta.severity) as Severity;
  const tags = f.tags ?? rule.meta.tags;
  return { ...f, rule: rule.meta.id, severity, ...(tags ? { tags } : {}) };
}

/** A rule that threw: one finding where its unit starts, and the other rules still run. */
function internalError(rule: Rule, start: number, err: any): Finding {
  return {
    rule: INTERNAL_ERROR,
    severity: 'hint',
    start,
    end: start,
    message: `MemLens rule ${rule.meta.id} failed here (${String(err?.message ?? err).slice(0, 200)}). ` +
      'Other rules still ran. Please report this with the file at https://github.com/memlens/memlens/issues',
  };
}

/** A time budget shared by every unit of one analysis: once spent, the remaining rules are skipped and named. */
export interface UnitLimits { budget: Budget; skipped: string[]; }

export function runUnit(unit: Unit, text: string, fileName: string, facts: FileFacts, settings: Settings, rules: readonly Rule[] = allRules, limits?: UnitLimits): Finding[] {
  const out: Finding[] = [];
  const start = unit.nodes[0]?.loc?.start.offset ?? 0;
  forgetUnitIndexes();
  // One context for every rule of the unit, its report naming the rule that runs (rules report synchronously): a
  // context and two closures per rule and unit were 60 MB of garbage in a check of WordPress.
  let rule = rules[0];
  const ctx: RuleContext = { text, fileName, unit, facts, settings, report: (f) => out.push(finding(rule, settings, f)) };
  for (rule of rules) {
    if (!rule.check || levelOf(rule, settings) === 'off') continue;
    if (limits?.budget.spent()) {
      limits.skipped.push(rule.meta.id);
      continue;
    }
    try {
      rule.check(ctx);
    } catch (err) {
      out.push(internalError(rule, start, err));
    }
  }
  return out;
}

export function runConfig(file: ConfigFile, settings: Settings, rules: readonly Rule[] = allRules): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!rule.checkConfig || levelOf(rule, settings) === 'off') continue;
    if (rule.meta.languages && !rule.meta.languages.includes(file.language)) continue;
    try {
      rule.checkConfig({ file, settings, report: (f) => out.push(finding(rule, settings, f)) });
    } catch (err) {
      out.push(internalError(rule, 0, err));
    }
  }
  return out;
}
