// Offsets (what the core speaks) <-> LSP positions (line, UTF-16 character). One line table per document version.
import type { Position, Range } from 'vscode-languageserver';
import { lineStarts, lineOf } from '../rules/suppress';

export class LineTable {
  private readonly starts: number[];
  constructor(private readonly text: string) { this.starts = lineStarts(text); }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = lineOf(this.starts, o);
    return { line, character: o - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), Math.max(lineEnd, this.starts[pos.line]));
  }
}
