// Magic methods as zend_std_{read,write,has,unset}_property and zend_std_get_method call them: __get/__set/
// __isset/__unset run when a property is missing or not visible from the calling scope, under a per-object,
// per-name guard so that the magic method itself reaches the real property. The object is held for the call
// (GC_ADDREF) and released with OBJ_RELEASE afterwards, which makes it a possible root like a method call.
import type { Machine } from './machine.js';
import type { FuncDef } from './functions.js';
import { findMethod, isSubclassOf, type ClassDef } from './classes.js';
import { chargeMemory } from './alloc.js';
import { release } from './refcount.js';
import type { Slot, ZObject, Zval } from './zval.js';
import { invoke } from './calls.js';
import { frameOf } from './interpreter.js';

export const IN_GET = 1;
export const IN_SET = 2;
export const IN_UNSET = 4;
export const IN_ISSET = 8;

/** ZEND_ACC_USE_GUARDS: classes with property magic reserve one more zval in every object for the guards. */
export function usesGuards(cls: ClassDef): boolean {
  return !!(findMethod(cls, '__get') || findMethod(cls, '__set') || findMethod(cls, '__isset') || findMethod(cls, '__unset'));
}

/** Visible from the running code's class scope (public, or private/protected from the right class). */
export function propAccessible(m: Machine, o: ZObject, name: string): boolean {
  const decl = o.cls.propMap.get(name);
  if (!decl || decl.visibility === 'public') return true;
  const scope = frameOf(m).scope;
  if (!scope) return false;
  if (decl.visibility === 'private') return scope === decl.declaringClass;
  return isSubclassOf(scope, decl.declaringClass) || isSubclassOf(decl.declaringClass, scope);
}

interface Guards {
  names: Map<string, number>;
  /** Whether the guards moved from the object's inline slot into a hash table. */
  table: boolean;
}
const guardsOf = new WeakMap<ZObject, Guards>();

/** zend_get_property_guard: one name lives in the object's inline slot (replaced when idle); a second name while
 * the first is in use allocates a table (56 + 320) and a 4-byte guard per name (8 in Zend MM). */
function guard(m: Machine, o: ZObject, name: string): Guards {
  let g = guardsOf.get(o);
  if (!g) guardsOf.set(o, (g = { names: new Map(), table: false }));
  if (g.names.has(name)) return g;
  if (!g.table) {
    const busy = [...g.names.values()].some((bits) => bits !== 0);
    if (!busy) {
      g.names.clear();
      g.names.set(name, 0);
      return g;
    }
    g.table = true;
    chargeMemory(m, 56 + 320);
    o.size += 56 + 320;
  }
  chargeMemory(m, 8);
  o.size += 8;
  g.names.set(name, 0);
  return g;
}

/** The magic method `lc` if the object has one and it is not already running for this property. */
export function magicFor(o: ZObject, lc: string, name: string, bit: number): FuncDef | null {
  const f = findMethod(o.cls, lc);
  if (!f) return null;
  const g = guardsOf.get(o);
  if (g && ((g.names.get(name) ?? 0) & bit)) return null;
  return f;
}

/** Call a property magic method with the guard for `name` set; `args` are owned by the callee. */
export function callPropertyMagic(m: Machine, o: ZObject, f: FuncDef, name: string, bit: number, args: Slot[]): Zval {
  const g = guard(m, o, name);
  g.names.set(name, g.names.get(name)! | bit);
  o.rc++;
  try {
    return invoke(m, f, args, o, o.cls, null);
  } finally {
    g.names.set(name, g.names.get(name)! & ~bit);
    release(m, o, true);
  }
}
