// V8 settings for a process that checks many files: `memlens check` and the language server's scan processes.
//
// A check spends a large share of its CPU in V8's optimising compiler rather than in the check. New shapes of code
// keep reaching php-parser's large functions for the first time, each such arrival throws their optimised code away,
// and V8 compiles them again: in one WordPress check read_expr_item was optimised 22 times, ~20 ms each with the
// default inlining budget, and all compiles together took 2.9 s, every thread paying its own. On 2 cores that work
// competes with the checking itself, which is why a second thread gained little. Inlining less into each compile
// and waiting for twice as much feedback before the first one halves that work (1.5 s); the code it makes is
// barely slower. Measured on WordPress (bench/README.md): 2 threads 3.74 -> 3.11 s, 1 thread unchanged.
import { setFlagsFromString } from 'node:v8';

export const SCAN_COMPILER_FLAGS: readonly string[] = [
  '--max-inlined-bytecode-size-cumulative=100', // V8's default: 920
  '--interrupt-budget=135168', // V8's default: 67584
];

/** Flags are per process (worker threads share them) and apply to every compile after this call. */
export function tuneCompilerForScan(): void {
  for (const flag of SCAN_COMPILER_FLAGS) setFlagsFromString(flag);
}
