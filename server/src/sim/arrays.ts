// Hash tables: insertion, deletion, growth (packed vs hash layouts and their sizes) and copy-on-write separation.
import type { Machine } from './machine.js';
import { chargeMemory, dupArrayShell, newArray } from './alloc.js';
import { arrayDataSize } from './memory.js';
import { addref } from './refcount.js';
import { isRef, type Key, type Slot, type ZArray } from './zval.js';

function resizeData(m: Machine, a: ZArray, cap: number, packed: boolean): void {
  const before = arrayDataSize(a.cap, a.packed);
  const after = arrayDataSize(cap, packed);
  chargeMemory(m, after - before);
  a.size += after - before;
  a.cap = cap;
  a.packed = packed;
}

function toHash(m: Machine, a: ZArray): void {
  resizeData(m, a, a.cap || 8, false);
  a.used = a.ht.size;
}

/** Make room for one more hash bucket (zend_hash_do_resize: compact when many holes, else double). */
function hashReserve(m: Machine, a: ZArray): void {
  if (a.used >= a.cap) {
    if (a.used > a.ht.size + (a.ht.size >> 5)) a.used = a.ht.size;
    else resizeData(m, a, a.cap * 2, false);
  }
}

/** Store `v` (whose reference the caller transfers) at `key`; the old slot must have been handled by the caller. */
export function arraySet(m: Machine, a: ZArray, key: Key, v: Slot): void {
  if (a.ht.has(key)) {
    a.ht.set(key, v);
    return;
  }
  insertNew(m, a, key, v);
}

function insertNew(m: Machine, a: ZArray, key: Key, v: Slot): void {
  if (typeof key === 'number') {
    if (a.cap === 0) {
      if (key >= 0 && key < 8) resizeData(m, a, 8, true);
      else resizeData(m, a, 8, false);
    }
    if (a.packed) {
      if (key >= 0 && key < a.used) {
        toHash(m, a); // a hole below nNumUsed: "we have to keep the order"
      } else if (key >= 0 && key < a.cap) {
        a.used = key + 1;
      } else if (key >= 0 && key >> 1 < a.cap && a.cap >> 1 < a.ht.size) {
        resizeData(m, a, a.cap * 2, true);
        a.used = key + 1;
      } else {
        if (a.used >= a.cap) a.cap += a.cap; // capacity doubles in the conversion
        toHash(m, a);
      }
    }
    if (!a.packed) {
      hashReserve(m, a);
      a.used++;
    }
    a.ht.set(key, v);
    if (key >= a.nextIndex) a.nextIndex = key + 1;
    return;
  }
  if (a.cap === 0) resizeData(m, a, 8, false);
  else if (a.packed) toHash(m, a);
  hashReserve(m, a);
  a.used++;
  a.ht.set(key, v);
}

export function arrayAppend(m: Machine, a: ZArray, v: Slot): boolean {
  if (a.nextIndex > Number.MAX_SAFE_INTEGER) return false;
  insertNew(m, a, a.nextIndex, v);
  return true;
}

/** Remove `key` and return what it held (the caller releases it). */
export function arrayDelete(a: ZArray, key: Key): Slot | undefined {
  if (!a.ht.has(key)) return undefined;
  const old = a.ht.get(key);
  a.ht.delete(key);
  if (a.packed && typeof key === 'number' && key === a.used - 1) {
    let u = key;
    while (u > 0 && !a.ht.has(u - 1)) u--;
    a.used = u;
  }
  return old;
}

/** zend_array_dup: a shallow copy; every element gains a reference (reference wrappers are shared). */
export function dupArray(m: Machine, src: ZArray): ZArray {
  const a = dupArrayShell(m, src);
  for (const [k, v] of src.ht) {
    // zend_array_dup_value: a reference nobody else holds is copied as its value.
    const val = isRef(v) && v.rc === 1 && v.val !== src ? v.val : v;
    addref(val);
    a.ht.set(k, val);
  }
  a.pos = src.pos;
  return a;
}

/** A new empty mutable array (what `[]` becomes on first write). */
export function freshArray(m: Machine): ZArray {
  return newArray(m);
}
