// Text edits the memory.* fixes share: inserting a statement on its own line beside another statement, keeping the
// surrounding indentation, so the result stays valid PHP and nothing else on the lines moves.
import type { Node } from './parse';
import { indentAt } from './nodes';
import type { Edit } from '../rules/types';

/** Inserts `code` (one or more statements, one per line) before `statement`, or after it, on new lines. */
export function insertStatementEdit(text: string, statement: Node, code: string[], before: boolean): Edit {
  const start = statement.loc!.start.offset;
  const indent = indentAt(text, start);
  if (before) return { start, end: start, newText: code.map((c) => `${c}\n${indent}`).join('') };
  let end = statement.loc!.end.offset;
  // php-parser may end a statement before its `;` (e.g. `unset(...)`) or after trailing blanks; land after the `;`.
  while (end < text.length && /[ \t]/.test(text[end])) end++;
  if (text[end] === ';') end++;
  else while (end > start && /\s/.test(text[end - 1])) end--;
  return { start: end, end, newText: code.map((c) => `\n${indent}${c}`).join('') };
}

/** Whether a statement starts its own line (only whitespace before it), so a line can be inserted above it. */
export function startsLine(text: string, statement: Node): boolean {
  const start = statement.loc!.start.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return text.slice(lineStart, start).trim() === '';
}
