// The contract between a rule and everything that runs it (server, CLI, tests). No LSP or vscode types here:
// positions are UTF-16 offsets into the file text, converted at the edge.
import type { Node } from '../core/parse';
import type { Settings } from '../config';
import type { FileFacts } from '../core/facts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Area = 'memory' | 'session' | 'kafka' | 'worker' | 'config';
export type Tag = 'unnecessary' | 'deprecated';
/** What a rule reads: PHP code, or a configuration file (php.ini, php-fpm pool, memcached.conf). */
export type Language = 'php' | 'ini' | 'fpm' | 'memcached';

export interface Span { start: number; end: number; }

export interface Edit extends Span { newText: string; }

export interface Fix {
  title: string;
  edits: Edit[];
  preferred?: boolean;
}

export interface Related extends Span { message: string; }

export interface Finding extends Span {
  rule: string;
  severity: Severity;
  message: string;
  related?: Related[];
  fixes?: Fix[];
  tags?: Tag[];
}

export interface RuleMeta {
  id: string;
  area: Area;
  severity: Severity;
  /** One line: what the rule finds. Shown in settings and docs. */
  description: string;
  fixable: boolean;
  tags?: Tag[];
  languages?: Language[];
}

/** A piece of a PHP file analysed on its own: one top-level declaration (class, function, ...) or the script
 * (every other top-level statement, in order). Findings of a declaration are cached until its text changes. */
export interface Unit {
  kind: 'declaration' | 'script';
  nodes: Node[];
}

export interface RuleContext {
  /** Full text of the file; node offsets index into it. */
  text: string;
  fileName: string;
  unit: Unit;
  facts: FileFacts;
  settings: Settings;
  /** The severity this rule runs at (setting, or the rule's default, raised by context where a rule does so). */
  report(finding: Omit<Finding, 'rule' | 'severity'> & { severity?: Severity }): void;
}

export interface ConfigFile {
  language: Exclude<Language, 'php'>;
  text: string;
  fileName: string;
}

export interface ConfigRuleContext {
  file: ConfigFile;
  settings: Settings;
  report(finding: Omit<Finding, 'rule' | 'severity'> & { severity?: Severity }): void;
}

export interface Rule {
  meta: RuleMeta;
  /** PHP rules: called once per unit. */
  check?(ctx: RuleContext): void;
  /** Configuration-file rules. */
  checkConfig?(ctx: ConfigRuleContext): void;
}
