// Editor-side reading of a simulation (no `vscode` import, so it is unit-tested): which step speaks for a line of
// the file, and what a variable held there. Pure lookups over the trace; no PHP semantics.
import type { Step, Trace } from '../webview/model';

/** 1-based file line of a snippet line (0 when MemLens added that line). */
export function fileLineOf(trace: Trace, snippetLine: number): number {
  return trace.lineMap ? trace.lineMap[snippetLine - 1] ?? 0 : snippetLine;
}

/** For each file line, the last step recorded right after that line ran (the state the line left behind). */
export function stepsByLine(trace: Trace): Map<number, number> {
  const out = new Map<number, number>();
  trace.steps.forEach((st, i) => {
    if (st.ran === undefined || st.gcPhase && st.gcPhase.phase !== 'end') return;
    const line = fileLineOf(trace, st.ran);
    if (line) out.set(line, i);
  });
  return out;
}

/** The step to explain `fileLine` with: the panel's current step when it just ran that line, else the last time. */
export function stepForLine(trace: Trace, byLine: Map<number, number>, fileLine: number, current: number | undefined): number | undefined {
  const cur = current !== undefined ? trace.steps[current] : undefined;
  if (cur?.ran !== undefined && fileLineOf(trace, cur.ran) === fileLine) return current;
  return byLine.get(fileLine);
}

export interface VarInfo {
  name: string;
  /** Short text for an inlay hint: "rc 2", "int". */
  short: string;
  /** A sentence for a hover. */
  long: string;
  refcount: number | null;
}

/** What `$name` held at a step, looked up in the innermost frame that has it. */
export function describeVariable(step: Step, name: string): VarInfo | null {
  for (let f = step.frames.length - 1; f >= 0; f--) {
    const v = step.frames[f].vars.find((x) => x.key === name);
    if (!v) continue;
    if ('plain' in v.value) {
      return { name, short: v.value.type, long: `\`$${name}\` = \`${v.value.plain}\` (${v.value.type}, not refcounted: no heap value)`, refcount: null };
    }
    const id = v.value.node;
    const node = step.heap.find((n) => n.id === id);
    if (!node) return { name, short: 'freed', long: `\`$${name}\` points at a value that is no longer in the heap snapshot`, refcount: null };
    const rc = node.rc;
    const extra = [`${node.size} B`];
    if (node.buffered) extra.push('possible root');
    return {
      name,
      short: rc === null ? 'immutable' : `rc ${rc}`,
      long: `\`$${name}\` → \`${node.label}\`, refcount **${rc ?? 'n/a'}** (${extra.join(', ')})`,
      refcount: rc,
    };
  }
  return null;
}
