// `(object)` casts and the properties table they give a stdClass (ZEND_CAST to IS_OBJECT, zend_symtable_to_proptable).
// An array with only string keys becomes the object's properties table itself: a temporary is adopted (measured on
// 8.2: `(object)['a' => str_repeat('x', 3)]` costs the array, its string and a 40-byte object), an array someone
// else holds is shared (40 bytes, the array's refcount + 1) until the object's first property write duplicates it
// (zend_array_dup: 56 + the same table size). A packed array or int keys make a new table with string keys; an
// immutable array (a literal under opcache) is duplicated; a scalar lands in a "scalar" property.
import type { Machine } from './machine.js';
import { chargeMemory } from './alloc.js';
import { addref, release } from './refcount.js';
import { removeFromBuffer } from './rootBuffer.js';
import { ARRAY_HEADER, arrayDataSize, capacityFor } from './memory.js';
import { createObject, lookupClass } from './calls.js';
import { isArray, isObject, isRef, type Slot, type ZArray, type ZObject, type Zval } from './zval.js';

/** The array whose table a stdClass shares, if any (the object holds one reference on it). */
export function sharedTable(o: ZObject): ZArray | undefined {
  return o.internal?.sharedTable;
}

/** Takes the caller's reference on `v` and returns an owned object. */
export function castToObject(m: Machine, v: Zval): ZObject {
  if (isObject(v)) return v;
  const o = createObject(m, lookupClass(m, 'stdClass')!);
  if (v === null) return o;
  if (!isArray(v)) {
    o.props.set('scalar', v);
    setTableSize(m, o, ARRAY_HEADER + arrayDataSize(8, false));
    return o;
  }
  const keys = [...v.ht.keys()];
  const stringKeys = !v.packed && keys.every((k) => typeof k === 'string');
  if (stringKeys && !v.immutable && keys.length) {
    if (v.rc === 1) {
      // A temporary: its table becomes the object's (the array node itself is gone).
      o.props = v.ht as Map<string, Slot | undefined>; // every key is a string (checked above)
      o.dynSize = v.size;
      removeFromBuffer(m, v);
      v.ht = new Map();
      v.size = 0;
      v.rc = 0;
      v.dead = true;
      return o;
    }
    o.props = v.ht as Map<string, Slot | undefined>;
    o.internal = { sharedTable: v };
    return o;
  }
  // A new table: an immutable one with string keys is duplicated as it is (same size); int keys are converted into
  // zend_new_array(count).
  // An empty array duplicates to a table without data.
  const size = ARRAY_HEADER + (!keys.length ? 0 : stringKeys ? arrayDataSize(v.cap, v.packed) : arrayDataSize(capacityFor(keys.length), false));
  for (const [k, s] of v.ht) o.props.set(String(k), copyElement(s));
  setTableSize(m, o, size);
  release(m, v, false);
  return o;
}

/** Before the first write, a shared properties table is duplicated (or simply kept when the object is its only
 * holder left). */
export function ownProps(m: Machine, o: ZObject): void {
  const t = sharedTable(o);
  if (!t) return;
  o.internal = undefined;
  if (t.rc === 1) {
    o.dynSize = t.size;
    removeFromBuffer(m, t);
    t.ht = new Map();
    t.size = 0;
    t.rc = 0;
    t.dead = true;
    return;
  }
  const props = new Map<string, Slot | undefined>();
  for (const [k, s] of t.ht) props.set(String(k), copyElement(s));
  o.props = props;
  setTableSize(m, o, ARRAY_HEADER + arrayDataSize(t.cap, t.packed));
  release(m, t, true);
}

/** zend_array_dup_element: a reference nobody else holds is copied as its value. */
function copyElement(s: Slot | undefined): Slot | undefined {
  const v = isRef(s) && s.rc === 1 ? s.val : s;
  addref(v);
  return v;
}

function setTableSize(m: Machine, o: ZObject, size: number): void {
  chargeMemory(m, size);
  o.dynSize = size;
}
