// Closure objects: the function, captured variables (by value or reference) and the bound $this.
import type { ClassDef } from './classes.js';
import type { FuncDef } from './functions.js';
import type { Slot, ZObject } from './zval.js';

export interface ClosureData {
  func: FuncDef;
  captured: Map<string, Slot>;
  thisObj: ZObject | null;
  scope: ClassDef | null;
}

/** zend_closure is 384 bytes in Zend MM; captured variables live in a hash table of their own. */
export const CLOSURE_SIZE = 384;
