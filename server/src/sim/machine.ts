// The whole simulated process state. Plain data; the modules that act on it take it as their first argument.
import type { ClassDef } from './classes.js';
import type { FuncDef } from './functions.js';
import type { HeapNode, Slot, ZObject } from './zval.js';
import type { Recorder } from './recorder.js';
import type { Node } from '../core/parse.js';

export interface SimOptions {
  opcache: boolean;
  maxSteps: number;
  /** Wall-clock limit in ms: a step can grow costly (a collection over a heap that grows every iteration), so the
   * step limit alone does not bound the time. */
  maxMillis: number;
  maxMemory: number;
  maxDepth: number;
  trace: boolean;
  file: string;
}

export interface GcState {
  /** The possible-root buffer; index 0 is unused (GC_FIRST_ROOT = 1). */
  slots: (HeapNode | null)[];
  /** Freed slots, reused last-in first-out (GC_G(unused)). */
  unused: number[];
  firstUnused: number;
  numRoots: number;
  threshold: number;
  enabled: boolean;
  active: boolean;
  runs: number;
  collected: number;
}

export interface Frame {
  /** Function name for the trace ("{main}" for the global scope). */
  name: string;
  /** Compiled variables in declaration order (Zend CV order); undefined = IS_UNDEF. */
  vars: Map<string, Slot | undefined>;
  thisObj: ZObject | null;
  /** Class scope (self::) and late static binding class (static::). */
  scope: ClassDef | null;
  staticScope: ClassDef | null;
  func: FuncDef | null;
  line: number;
  /** The caller's line when this frame was entered (stack traces, "called in ... on line N"). */
  callLine?: number;
  /** Entered from a built-in (a callback): that function and the line it was called from, for stack traces. */
  internalCaller?: { name: string; line: number } | null;
}

export interface Machine {
  opts: SimOptions;
  nextId: number;
  /** Simulated memory_get_usage() bytes above the process baseline. */
  memory: number;
  peak: number;
  stdout: string[];
  stdoutLen: number;
  stderr: string[];
  outputStarted: boolean;
  /** Object store: handle -> live object; freed handles reused last freed first. */
  objects: (ZObject | null)[];
  freeHandles: number[];
  /** Slots of EG(objects_store): 1024 at startup, doubled (8 bytes a slot) when a new handle reaches the end. */
  objectStoreSize: number;
  gc: GcState;
  classes: Map<string, ClassDef>;
  functions: Map<string, FuncDef>;
  constants: Map<string, Slot>;
  globals: Frame;
  frames: Frame[];
  steps: number;
  /** Date.now() when the run started, for opts.maxMillis. */
  startedAt: number;
  line: number;
  recorder: Recorder | null;
  /** Literal arrays owned by the compiled code (opcache off: refcounted, held +1 for the script's lifetime). */
  literals: Map<Node, Slot>;
  shutdownFunctions: Slot[];
  /** Anonymous classes declared so far (their generated names count them). */
  anonymousCount: number;
  /** The call whose by-reference result the caller binds (`$x = &f()`): its return keeps the reference. */
  refCall: Node | null;
  /** declare(strict_types=1): scalar type checks accept only exact types (and int for float). */
  strictTypes: boolean;
  /** The built-in function running now (null in PHP code): callbacks it makes show it in stack traces. */
  nativeCall: { name: string; line: number } | null;
  /** Set by the interpreter so that low-level modules can call back into PHP code without import cycles. */
  callDestructor: (m: Machine, obj: ZObject) => void;
}

export const BASELINE_MEMORY = 393216;

export function newId(m: Machine): number {
  return m.nextId++;
}
