// After a simulation: the panel's current line highlighted in the editor, and (settings memlens.simulate.hovers /
// memlens.simulate.inlayHints) each variable's refcount and what it points to on the lines the simulation ran.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/protocol';
import type { Trace } from '../webview/model';
import { describeVariable, fileLineOf, stepForLine, stepsByLine } from './simulateLines';

const VARIABLE = /\$[A-Za-z_\x80-\uffff][\w\x80-\uffff]*/g;

export class SimulationHints implements vscode.Disposable {
  private uri: string | undefined;
  private trace: Trace | undefined;
  private byLine = new Map<number, number>();
  private step: number | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly current = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    borderColor: new vscode.ThemeColor('focusBorder'),
    borderStyle: 'solid',
    borderWidth: '0 0 0 2px',
    overviewRulerColor: new vscode.ThemeColor('focusBorder'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });

  constructor() {
    const selector: vscode.DocumentSelector = [{ language: 'php' }];
    this.disposables.push(
      this.current,
      this.changed,
      vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos) => this.hover(doc, pos) }),
      vscode.languages.registerInlayHintsProvider(selector, { onDidChangeInlayHints: this.changed.event, provideInlayHints: (doc, range) => this.inlay(doc, range) }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.simulate`)) this.changed.fire();
      }),
    );
  }

  setTrace(uri: vscode.Uri, trace: Trace): void {
    this.uri = uri.toString();
    this.trace = trace;
    this.byLine = stepsByLine(trace);
    this.step = 0;
    this.decorate();
    this.changed.fire();
  }

  setStep(index: number): void {
    if (!this.trace || index < 0 || index >= this.trace.steps.length) return;
    this.step = index;
    this.decorate();
    this.changed.fire();
  }

  clear(): void {
    this.uri = undefined;
    this.trace = undefined;
    this.byLine.clear();
    this.step = undefined;
    this.decorate();
    this.changed.fire();
  }

  private setting(name: 'hovers' | 'inlayHints', fallback: boolean): boolean {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(`simulate.${name}`, fallback);
  }

  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!this.trace || this.step === undefined || editor.document.uri.toString() !== this.uri) {
        editor.setDecorations(this.current, []);
        continue;
      }
      const line = fileLineOf(this.trace, this.trace.steps[this.step]?.line ?? 0);
      if (!line || line > editor.document.lineCount) {
        editor.setDecorations(this.current, []);
        continue;
      }
      const range = editor.document.lineAt(line - 1).range;
      editor.setDecorations(this.current, [{ range, hoverMessage: 'MemLens: the simulation is about to run this line' }]);
      if (!editor.visibleRanges.some((r) => r.contains(range))) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!this.trace || doc.uri.toString() !== this.uri || !this.setting('hovers', true)) return;
    const range = doc.getWordRangeAtPosition(pos, /\$[A-Za-z_\x80-\uffff][\w\x80-\uffff]*/);
    if (!range) return;
    const index = stepForLine(this.trace, this.byLine, pos.line + 1, this.step);
    if (index === undefined) return;
    const info = describeVariable(this.trace.steps[index], doc.getText(range).slice(1));
    if (!info) return;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.appendMarkdown(`**MemLens simulation**, step ${index + 1}, after line ${pos.line + 1} ran: ${info.long}`);
    if (this.trace.notes.some((n) => /placeholder/i.test(n))) md.appendMarkdown('\n\n_Simulated with placeholder values or stubs; see the panel._');
    return new vscode.Hover(md, range);
  }

  private inlay(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!this.trace || doc.uri.toString() !== this.uri || !this.setting('inlayHints', false)) return [];
    const hints: vscode.InlayHint[] = [];
    for (let line = range.start.line; line <= Math.min(range.end.line, doc.lineCount - 1); line++) {
      const index = stepForLine(this.trace, this.byLine, line + 1, this.step);
      if (index === undefined) continue;
      const text = doc.lineAt(line).text;
      const seen = new Set<string>();
      for (const m of text.matchAll(VARIABLE)) {
        const name = m[0].slice(1);
        if (seen.has(name)) continue;
        seen.add(name);
        const info = describeVariable(this.trace.steps[index], name);
        if (!info || info.refcount === null) continue;
        const hint = new vscode.InlayHint(new vscode.Position(line, (m.index ?? 0) + m[0].length), ` ${info.short}`, vscode.InlayHintKind.Type);
        hint.tooltip = new vscode.MarkdownString(info.long);
        hint.paddingLeft = true;
        hints.push(hint);
      }
    }
    return hints;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
