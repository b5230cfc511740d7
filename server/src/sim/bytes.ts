// PHP reads a file as bytes: a string literal holds its UTF-8 bytes (strlen('é') is 2, and so is what the string
// costs). The simulator runs on one character per byte, as `memlens simulate` reads a file (latin1); the editor's
// text is turned into that form before a run, and what the run prints and shows is turned back into text.
import type { Trace, TraceNode, TraceValue } from './trace';

/** Text as the bytes PHP reads from a UTF-8 file, one character per byte. */
export function phpBytes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/** Bytes the simulator produced, as the text a UTF-8 terminal or editor shows (invalid sequences as U+FFFD). A
 * character above U+00FF is not a byte but the simulator's own (the … ending a shortened label): kept as it is. */
export function bytesAsText(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(bytes)) return bytes;
  return bytes.replace(/[\x00-\xff]+/g, (run) => Buffer.from(run, 'latin1').toString('utf8'));
}

/** A trace of a run on bytes, with its texts (output, strings, names, keys) as text again, and each step's
 * `stdoutLength` counted in the decoded output. */
export function traceAsText(trace: Trace): Trace {
  const value = (v: TraceValue): TraceValue => (v.t === 'istring' ? { t: 'istring', v: bytesAsText(v.v) } : v);
  const node = (n: TraceNode): TraceNode => ({
    ...n,
    label: bytesAsText(n.label),
    edges: n.edges.map((e) => ({ key: typeof e.key === 'string' ? bytesAsText(e.key) : e.key, value: value(e.value) })),
  });
  // Output lengths step by step: the output decoded in the order it was printed, a sequence split between two
  // steps completed by the later one.
  const decoder = new TextDecoder('utf-8');
  let printed = 0;
  let shown = 0;
  const steps = trace.steps.map((st) => {
    if (st.stdoutLength > printed) {
      shown += decoder.decode(Buffer.from(trace.stdout.slice(printed, st.stdoutLength), 'latin1'), { stream: true }).length;
      printed = st.stdoutLength;
    }
    return {
      ...st, stdoutLength: shown, heap: st.heap.map(node),
      frames: st.frames.map((f) => ({ ...f, name: bytesAsText(f.name), vars: f.vars.map((v) => ({ name: bytesAsText(v.name), value: value(v.value) })) })),
    };
  });
  return { ...trace, stdout: bytesAsText(trace.stdout), steps };
}
