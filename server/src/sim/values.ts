// Value helpers shared by the interpreter and the built-ins: owned copies, string creation with Zend's interning
// rules, conversions that need the machine (objects to string, arrays to "Array").
import type { Machine } from './machine.js';
import { newString } from './alloc.js';
import { addref } from './refcount.js';
import { scalarToString } from './convert.js';
import { isArray, isObject, isRef, type Slot, type Zval } from './zval.js';

/** Read a slot as an owned temporary (ZVAL_COPY_DEREF). */
export function copyOut(s: Slot | undefined): Zval {
  const v = s === undefined ? null : isRef(s) ? s.val : s;
  addref(v);
  return v;
}

/** A string produced at run time. "" and one-byte strings come from Zend's interned table (ZSTR_EMPTY/ZSTR_CHAR)
 * only where the engine uses them; callers pass `interned1` for those functions. */
export function runtimeString(m: Machine, s: string, interned1 = false): Zval {
  if (s.length === 0) return '';
  if (interned1 && s.length === 1) return s;
  return newString(m, s);
}

export let objectToString: (m: Machine, v: Zval) => string = () => '';
export function setObjectToString(f: (m: Machine, v: Zval) => string) {
  objectToString = f;
}

/** (string) conversion for output and concatenation. */
export function toStr(m: Machine, v: Zval): string {
  if (isObject(v)) return objectToString(m, v);
  if (isArray(v)) {
    m.stderr.push(`PHP Warning:  Array to string conversion in ${m.opts.file} on line ${m.line}\n`);
    return 'Array';
  }
  return scalarToString(v);
}
