// Editor features beyond diagnostics (hovers, completions, code lenses), as plain functions over text and AST so the
// LSP layer only adapts them. Offsets are UTF-16 offsets into the file text.
import type { Node } from '../core/parse';
import type { Language } from '../rules/types';
import type { Settings } from '../config';

export interface FeatureContext {
  text: string;
  fileName: string;
  language: Language;
  offset: number;
  settings: Settings;
  /** Top-level statements of a PHP file with current offsets (parsed on demand, cached per version). */
  statements(): Node[];
}

export interface Hover { start: number; end: number; markdown: string; }

export interface CompletionItem {
  label: string;
  kind: 'property' | 'value' | 'directive' | 'keyword';
  detail?: string;
  documentation?: string;
  insertText?: string;
}

export interface Completions { start: number; end: number; items: CompletionItem[]; }

export interface CodeLens { start: number; end: number; title: string; command: string; arguments?: unknown[]; }

export type HoverProvider = (ctx: FeatureContext) => Hover | null;
export type CompletionProvider = (ctx: FeatureContext) => Completions | null;
export type CodeLensProvider = (ctx: Omit<FeatureContext, 'offset'>) => CodeLens[];

export interface FeatureSet {
  hovers?: HoverProvider[];
  completions?: CompletionProvider[];
  codeLenses?: CodeLensProvider[];
}
